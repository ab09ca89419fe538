"""A member of staff's worktray: the young people they may see as one compact table (search, sort, filter, pages),
and each young person's overview page (identity bar, what is due, recent events, links to the rest)."""
