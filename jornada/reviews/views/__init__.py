"""Views of the reviews app: public (workers), staff (moderators) and employer representatives."""
