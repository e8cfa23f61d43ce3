"""Login, the current user, roles and scope."""
