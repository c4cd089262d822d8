"""toolkit: see what in a social-platform data archive is in scope for AI training."""

__version__ = "0.1.0"
