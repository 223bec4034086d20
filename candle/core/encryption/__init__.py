"""Encryption at rest for fields and files that must not be readable from the database or disk.

One set of keys for the whole project, kept outside the database (``keys``): MultiFernet,
newest key first. What is encrypted with them:

- ``fields.EncryptedTextField``: a text column stored as a Fernet token, read back as text;
- ``files.EncryptedFileSystemStorage`` / ``fields.EncryptedFileField``: uploaded files whose
  bytes on disk are a Fernet token; they have no public URL and are read back only through a
  view that has checked permission (``files.encrypted_file_response``);
- columns that hold tokens made by hand (giving's resident numbers), registered with
  ``registry.encrypted_tokens_register`` by their app.

``manage.py rotate_field_keys`` re-encrypts all of it with the newest key
(``rotation.field_keys_rotate``). Nothing here imports models, so the production settings can
import ``keys`` to refuse to start without them. ``docs/subsystems/access-encryption.md``
explains keys, rotation and what to do when a key is lost or leaked.
"""
