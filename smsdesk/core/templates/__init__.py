"""Templates and signatures as stored: create and edit them, record their approval per
provider account (by hand, or submitted and pulled through ``provider_review``), and check a
stored template (``template_check``)."""
