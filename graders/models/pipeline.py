"""Pipeline models: learner links, progress, outbox, delivery attempts."""
