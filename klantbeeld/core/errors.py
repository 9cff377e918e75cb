"""Application errors. The API maps them to NL API problem bodies, pages to form errors.

Never a bare 500 for bad input (STYLE.md): a service raises one of these or a Django
``ValidationError``; the interface layer turns it into something a person or machine reads.
"""


class ApplicationError(Exception):
    """A use case could not be carried out; ``message`` is Dutch and safe to show."""

    code = "application_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotAccessible(ApplicationError):
    """The object does not exist *or* the actor may not see it: one error for both (STYLE.md),
    so a probe cannot tell another organisation's or another person's data from a typo."""

    code = "not_found"
    status = 404


class PermissionMissing(ApplicationError):
    """The actor's role does not grant the processing activity at all."""

    code = "permission_denied"
    status = 403
