"""The speed-ups that reach under Django, fenced in one place.

Two, each measured before it was adopted (docs/performance.md), each used only where a
profile said so:

- ``queries``: statements on the signing path compiled by the ORM once per process instead
  of per call (``PreparedQuery``, ``prepare_insert``, ``prepare_upsert``). They use the ORM's
  own compiler (``InsertQuery``, ``sql_with_params``) and skip ``Model.save()``: a model
  with a ``save()`` of its own or signal receivers is refused or saved the ordinary way.
- ``sqlite``: Django's SQLite backend with one private method (the wait for ``BEGIN``)
  replaced, so writers poll for the lock in short steps instead of SQLite's long sleeps.

What holds them to Django: ``ops/tests/test_fastpath.py`` runs each one beside the ORM's
own way and compares the SQL and the rows, and checks that the private method the backend
replaces still exists and is still what Django calls to begin a transaction. A Django upgrade
that changes any of it fails there, not silently in production. Nothing else in the project
may use ORM internals.
"""
