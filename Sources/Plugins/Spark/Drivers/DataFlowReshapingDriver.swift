/// The part of ``DataFlowDriver`` that reshapes rows: flatten (`foldDown`) unrolls an array into one
/// row per element, pivot turns the values of a key into columns, unpivot turns columns into rows.
/// The core's `apply_step` dispatches the plan's `flatten`, `pivot` and `unpivot` steps through
/// `RESHAPING` (looked up when a step runs, so this part may follow the core).
enum DataFlowReshapingDriver {
    static let program = #"""


# --- Reshaping steps (flatten, pivot, unpivot) --------------------------------------------------

def quoted(name):
    return "`%s`" % name.replace("`", "``")


def flatten_frame(df, step):
    """flatten (foldDown): the array at the unroll path replaced by each of its elements in turn,
    then the mapping. explode_outer keeps a row whose array is null or empty (its element null)."""
    path = step["unroll"]
    unrolled = "__pipehost_unrolled"
    target = F.col(quoted(path[0]))
    for name in path[1:]:
        target = target.getField(name)
    explode = F.explode_outer if step.get("keepEmpty", True) else F.explode
    df = df.select("*", explode(target).alias(unrolled))
    if len(path) == 1:
        df = df.withColumn(path[0], F.col(unrolled))
    else:
        inner = ".".join(quoted(name) for name in path[1:])
        df = df.withColumn(path[0], F.col(quoted(path[0])).withField(inner, F.col(unrolled)))
    return df.drop(unrolled).select(pairs(step["columns"]))


def pivot_name(pattern, aggregate, value):
    """A pivot column's name: $N the aggregate's name, $V the pivot value (the compiler's PivotNaming)."""
    return re.sub(r"\$([NV])", lambda m: aggregate if m.group(1) == "N" else value, pattern)


def pivot_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def pivot_frame(df, step):
    """pivot: one column per pivot value and aggregate. Without listed values, the non-null values
    the data has, in ascending order (ADF leaves out null pivot values unless asked)."""
    key = "__pipehost_pivot_key"
    df = df.withColumn(key, F.expr(step["pivotKey"]))
    groups = step["groupBy"]
    values = step.get("values")
    if values is None:
        found = df.select(F.col(key)).where(F.col(key).isNotNull()).distinct().orderBy(key).collect()
        values = [row[0] for row in found]
    aggregates = step["aggregates"]
    group_columns = [F.expr(g["expression"]).alias("__pipehost_g%d" % i) for i, g in enumerate(groups)]
    if not values:
        return df.select(group_columns).distinct().toDF(*[g["name"] for g in groups])
    pivoted = df.groupBy(*group_columns).pivot(key, values).agg(
        *[F.expr(a["expression"]).alias("a%d" % j) for j, a in enumerate(aggregates)])
    # Spark orders the new columns value by value, each value's aggregates side by side; rename
    # them by position, then put them in ADF's order.
    spark_names = ["__pipehost_g%d" % i for i in range(len(groups))]
    spark_names += ["__pipehost_p%d_%d" % (i, j) for i in range(len(values)) for j in range(len(aggregates))]
    pivoted = pivoted.toDF(*spark_names)
    if step.get("lateral", True):
        order = [(i, j) for i in range(len(values)) for j in range(len(aggregates))]
    else:
        order = [(i, j) for j in range(len(aggregates)) for i in range(len(values))]
    columns = [F.col("__pipehost_g%d" % i).alias(g["name"]) for i, g in enumerate(groups)]
    columns += [F.col("__pipehost_p%d_%d" % (i, j)).alias(
        pivot_name(step["columnNaming"], aggregates[j]["name"], pivot_text(values[i]))) for i, j in order]
    return pivoted.select(columns)


def unpivot_frame(df, step):
    """unpivot: one row per unpivoted column, its name in the key column and its value in the
    value column, beside the ungroup-by columns; ignoreNulls drops the rows whose value is null."""
    key, value = step["keyColumn"], step["valueColumn"]
    entry = "__pipehost_unpivoted"
    entries = F.array(*[F.struct(F.lit(name).alias("k"), F.col(quoted(name)).cast(step["valueType"]).alias("v"))
                        for name in step["unpivoted"]])
    kept = [F.col(quoted(name)) for name in step["ungroupBy"]]
    df = df.select(*kept, F.explode(entries).alias(entry))
    df = df.select(*[F.col(quoted(name)) for name in step["ungroupBy"]],
                   F.col(entry).getField("k").alias(key), F.col(entry).getField("v").alias(value))
    if step.get("ignoreNulls"):
        df = df.filter(F.col(quoted(value)).isNotNull())
    return df


RESHAPING = {"flatten": flatten_frame, "pivot": pivot_frame, "unpivot": unpivot_frame}
"""#
}
