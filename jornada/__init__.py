"""Jornada: an open-source platform for migrant workers' rights."""
