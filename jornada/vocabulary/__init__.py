"""The controlled vocabulary: one shared list of the problems workers bring, and where and in what language.

Its own app because every other one maps onto it: reviews' questions and scam reports say which
categories they evidence (``mapping``), the intake offers its categories to workers, cases are
filed under them, organisations choose them as the topics they take, and the evidence counts
by them. Keeping it below all of those, as data (``models``) with the places and languages
they share (``places``, ``languages``), is what lets a review, a warning and a case be added up.
"""
