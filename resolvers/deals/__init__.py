"""Deal queries spanning the domains: ``previewDeal``."""
