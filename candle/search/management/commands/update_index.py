"""``manage.py update_index``: Wagtail's index rebuild with a progress bar per model.

Same options as Wagtail's command (it is the same command); the dots become a tqdm bar
that shows documents, the rate and the time left."""

from modelsearch.management.commands.rebuild_modelsearch_index import Command as RebuildCommand
from tqdm import tqdm


class Command(RebuildCommand):
    help = (
        "Rebuild the search index (Korean-aware: docs/subsystems/search.md), with a progress bar."
    )

    def handle(self, **options):
        self._show_progress = options.get("verbosity", 1) > 0
        return super().handle(**options)

    def queryset_chunks(self, qs, chunk_size=None):
        self._total = qs.count()
        yield from (
            super().queryset_chunks(qs, chunk_size) if chunk_size else super().queryset_chunks(qs)
        )

    def print_iter_progress(self, iterable):
        iterator = iter(iterable)
        bar = None
        try:
            for chunk in iterator:
                if bar is None:
                    bar = tqdm(
                        total=getattr(self, "_total", None),
                        unit="doc",
                        leave=False,
                        disable=not getattr(self, "_show_progress", True),
                        file=self.stderr._out,
                    )
                yield chunk
                bar.update(len(chunk))
        finally:
            if bar is not None:
                self.write(f"{bar.n} indexed", ending="")
                bar.close()
