from django.apps import AppConfig


class EmailsConfig(AppConfig):
    name = "stopalprs.emails"
    verbose_name = "Emails"

    def ready(self) -> None:
        # In ready(): models may be imported only once the app registry is loaded.
        from stopalprs.actions import kinds
        from stopalprs.emails.services import old_mail

        # "emails" is privacy's DeletionLog.Kind.EMAILS (a test holds every rule's log
        # kind to that list); named here so that mail need not import the privacy app.
        kinds.register_purge(kinds.Purge(log_as="emails", rows=old_mail))
