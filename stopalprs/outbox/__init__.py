"""One outbox for everything that leaves the site: emails, webhooks, later deliveries to
officials. See ``channels.py``; ``taskqueue.py`` is the one module that knows the task
queue's tables."""
