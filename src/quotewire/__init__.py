"""quotewire: who said what, when, about what, and where it was reported."""

__version__ = "0.1.0"
