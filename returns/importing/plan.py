"""What an import will write, worked out before anything is written: for each table, the rows to create and the held
rows to change. A dry run stops at the plan (its counts are exactly what a real run writes); a real run applies it
with bulk_update and bulk_create, a few queries a table whatever the council's size.

Rows are matched by a natural key (a placement by its young person's CHILD id and start date, ...), never by
position: importing the same files again finds every row held and unchanged, and a row a file leaves out is never
touched (nothing is deleted).
"""
from dataclasses import dataclass, field
from typing import Callable, Hashable

BATCH = 2000  # rows per INSERT or UPDATE statement


@dataclass
class TablePlan:
    model: type
    fields: list[str]  # the fields an import sets, compared on a held row and updated when they differ
    create: list = field(default_factory=list)
    update: list = field(default_factory=list)
    touched: set[str] = field(default_factory=set)  # CHILD ids whose rows change

    def sync(self, *, held: dict[Hashable, object], wanted: dict[Hashable, dict], child_of: Callable,
             build: Callable) -> None:
        """Compare wanted rows (key -> field values) with held rows (key -> instance); a held row with other values
        is changed in place, a key not held is built new (build(key, values)). child_of(key) is its CHILD id."""
        for key, values in wanted.items():
            row = held.get(key)
            if row is None:
                self.create.append(build(key, values))
                self.touched.add(child_of(key))
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                self.update.append(row)
                self.touched.add(child_of(key))

    @property
    def count(self) -> int:
        return len(self.create) + len(self.update)

    def apply(self) -> None:
        # Changes first: a held open placement or allocation is closed before the one that follows it is created
        # (only one may be open at a time).
        if self.update:
            self.model.objects.bulk_update(self.update, self.fields, batch_size=BATCH)
        if self.create:
            for row in self.create:
                # The young person may have been created after this row was built: take their new id.
                if getattr(row, "young_person_id", 0) is None:
                    row.young_person_id = row.young_person.pk
            self.model.objects.bulk_create(self.create, batch_size=BATCH)
