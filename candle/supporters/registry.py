"""Hooks other apps use to take part in supporter merges and "forget me".

Merging re-points every foreign key to ``Supporter`` automatically (found by introspection), so a
new model that points at a supporter is merged without registering anything. Register only when
a model needs more than a re-point:

- ``merge_hook(fn)``: ``fn(*, kept, duplicate)`` runs inside the merge transaction *before* rows
  are re-pointed, e.g. to resolve a unique constraint that would otherwise clash.
- ``forget_hook(fn)``: ``fn(*, supporter)`` runs inside the anonymisation transaction, e.g. to
  erase an encrypted resident registration number or a billing key while keeping amounts.
- ``activity_hook(fn)``: ``fn(*, supporter) -> datetime | None`` returns the time of the
  supporter's latest activity in that app (e.g. last gift); retention counts from it.
- ``books_hook(fn)``: ``fn(*, supporter) -> bool`` says the supporter has rows the books must
  keep (gifts); such a supporter is anonymised, never deleted.
- ``account_section_hook(fn)``: ``fn(*, request, supporter) -> str`` returns safe HTML for a
  section of the supporter's own page (giving: the active monthly gifts with a button to stop
  each). Sections are shown in registration order after the gifts.
- ``dues_checkout_hook(fn)``: ``fn(*, request, membership) -> str | None`` returns the address
  where a new member pays dues (giving: its payment flow with the type's dues, purpose ``dues``);
  confirming a join (the link mailed by the join form) sends the person there instead of the
  thank-you page. The join form's own answer never does: it is the same for every address. When dues arrive, giving
  calls ``membership.membership_dues_received`` — supporters never calls giving.
- ``sweep_hook(fn)``: ``fn(*, now, dry_run) -> int`` removes personal data the app holds for no
  purpose any more that belongs to no retention period of a supporter (giving: resident numbers
  and phone numbers given with a gift that was never paid) and returns how many rows it removed
  (or would remove, on a dry run). ``apply_retention`` runs every sweep.
- ``admin_record_section_hook(fn)``: ``fn(*, request, supporter) -> str`` returns safe HTML
  for a section of the supporter's record in the admin (the inspect view; giving: their gifts
  and pledges). The function checks the staff member's own permission and says so when they
  may not see it.

Giving registers its hooks in ``GivingConfig.ready()``.
"""

from collections.abc import Callable

_merge_hooks: list[Callable] = []
_forget_hooks: list[Callable] = []
_activity_hooks: list[Callable] = []
_books_hooks: list[Callable] = []
_account_section_hooks: list[Callable] = []
_dues_checkout_hooks: list[Callable] = []
_sweep_hooks: list[Callable] = []
_admin_record_section_hooks: list[Callable] = []


def _add(hooks: list[Callable], fn: Callable) -> Callable:
    if fn not in hooks:
        hooks.append(fn)
    return fn


def merge_hook(fn: Callable) -> Callable:
    return _add(_merge_hooks, fn)


def forget_hook(fn: Callable) -> Callable:
    return _add(_forget_hooks, fn)


def activity_hook(fn: Callable) -> Callable:
    return _add(_activity_hooks, fn)


def books_hook(fn: Callable) -> Callable:
    return _add(_books_hooks, fn)


def account_section_hook(fn: Callable) -> Callable:
    return _add(_account_section_hooks, fn)


def dues_checkout_hook(fn: Callable) -> Callable:
    return _add(_dues_checkout_hooks, fn)


def sweep_hook(fn: Callable) -> Callable:
    return _add(_sweep_hooks, fn)


def admin_record_section_hook(fn: Callable) -> Callable:
    return _add(_admin_record_section_hooks, fn)


def merge_hooks() -> tuple[Callable, ...]:
    return tuple(_merge_hooks)


def forget_hooks() -> tuple[Callable, ...]:
    return tuple(_forget_hooks)


def activity_hooks() -> tuple[Callable, ...]:
    return tuple(_activity_hooks)


def books_hooks() -> tuple[Callable, ...]:
    return tuple(_books_hooks)


def account_section_hooks() -> tuple[Callable, ...]:
    return tuple(_account_section_hooks)


def dues_checkout_hooks() -> tuple[Callable, ...]:
    return tuple(_dues_checkout_hooks)


def sweep_hooks() -> tuple[Callable, ...]:
    return tuple(_sweep_hooks)


def admin_record_section_hooks() -> tuple[Callable, ...]:
    return tuple(_admin_record_section_hooks)
