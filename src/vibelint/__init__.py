"""vibelint: a prose style linter tuned to Andrej Karpathy's expression DNA."""

__version__ = "0.1.0"
