"""Fields of nested JSON items held as one polars struct column: dotted paths evaluated as expressions, so a file's
items are read column-wise, never with a Python loop per item.

A path is dot-separated parts; at each part
  name       a struct field (absent: the path yields nothing);
  a|b        whichever of these fields the items have (localised labels, renamed keys);
  *          every field of the struct (labels the reader cannot list in advance);
and lists on the way are entered implicitly: `data.post` over `data: [{post}, {update_timestamp}]` yields the list of
posts. A path yields *branches* (one per field a wildcard or alternative matched), each an expression and its type.
"""

from __future__ import annotations

import polars as pl

Branch = tuple[pl.Expr, pl.DataType]


def _flat(expr: pl.Expr, dtype: pl.DataType) -> Branch:
    """A list of lists as one list (the path went through two lists)."""
    while isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.List):
        expr, dtype = expr.list.eval(pl.element().explode()), pl.List(dtype.inner.inner)
    return expr, dtype


def _step(expr: pl.Expr, dtype: pl.DataType, part: str) -> list[Branch]:
    if isinstance(dtype, pl.List):
        inner = _step(pl.element(), dtype.inner, part)
        return [_flat(expr.list.eval(e), pl.List(t)) for e, t in inner]
    if not isinstance(dtype, pl.Struct):
        return []
    fields = {f.name: f.dtype for f in dtype.fields}
    names = list(fields) if part == "*" else [n for n in part.split("|") if n in fields]
    return [(expr.struct.field(n), fields[n]) for n in names]


def pick(expr: pl.Expr, dtype: pl.DataType, path: str) -> list[Branch]:
    branches: list[Branch] = [(expr, dtype)]
    for part in path.split("."):
        branches = [b for e, t in branches for b in _step(e, t, part)]
    return branches


def _scalar_text(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr | None:
    if isinstance(dtype, pl.List):
        if isinstance(dtype.inner, (pl.Struct, pl.List)):
            return None
        return expr.cast(pl.List(pl.String)).list.drop_nulls().list.join("\n")
    if isinstance(dtype, pl.Struct):
        return None
    return expr.cast(pl.String)


def text(item: pl.Expr, dtype: pl.DataType, paths: tuple[str, ...], separator: str = "\n") -> pl.Expr:
    """Every text the paths reach, joined by new lines (or `separator`); null where there is none."""
    parts = [t for path in paths for e, d in pick(item, dtype, path) if (t := _scalar_text(e, d)) is not None]
    if not parts:
        return pl.lit(None, pl.String)
    joined = pl.concat_str([p.str.strip_chars() for p in parts], separator=separator, ignore_nulls=True)
    joined = joined.str.replace_all(r"\n{2,}", "\n").str.strip_chars()
    return pl.when(joined.str.len_chars() > 0).then(joined)


def first(item: pl.Expr, dtype: pl.DataType, paths: tuple[str, ...], cast: pl.DataType) -> pl.Expr:
    """The first non-null value the paths reach, in their order (a list's first element)."""
    values = []
    for path in paths:
        for e, d in pick(item, dtype, path):
            if isinstance(d, pl.List):
                if isinstance(d.inner, (pl.Struct, pl.List)):
                    continue
                e = e.list.drop_nulls().list.first()
            elif isinstance(d, pl.Struct):
                continue
            values.append(e.cast(cast, strict=False))
    return pl.coalesce(values) if values else pl.lit(None, cast)
