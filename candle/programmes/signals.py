"""An event published with more seats fills them from the waiting list at once (and tells those
promoted), so staff never have to move people up by hand."""


def event_published(sender, instance, **kwargs):
    from .services import event_waiting_promote

    event_waiting_promote(event=instance)
