"""communique: a dated, source-backed record of diplomatic processes, read from the news."""

__version__ = "0.1.0"
