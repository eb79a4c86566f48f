"""Templates and signatures as stored: create and edit them, record their approval per
provider account by hand, and check a stored template (``template_check``)."""
