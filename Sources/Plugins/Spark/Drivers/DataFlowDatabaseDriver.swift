/// The part of ``DataFlowDriver`` that reads and writes PostgreSQL tables (JDBC stores of the plan).
///
/// A source reads a table or a query through Spark's JDBC data source. A sink writes its rows, each
/// with its alter-row action, into a staging table, then applies them to the target table in one
/// transaction of the driver's own connection: deletes, updates, upserts (update, then insert what
/// matched nothing) and inserts, matched on the sink's key columns; `recreate` drops and creates the
/// table, `truncate` empties it first, a missing table is created from the rows' types; the sink's
/// `preSQLs` run first and its `postSQLs` last, in the same transaction. A failure
/// rolls the transaction back, so a sink's table holds all of its rows or none of them. The
/// password comes from the environment variable the plan names, never from the plan.
enum DataFlowDatabaseDriver {
    static let program = #"""


# --- Database stores (PostgreSQL through JDBC) -------------------------------------------------

import uuid


def jdbc_properties(store):
    properties = {"user": store["user"], "driver": "org.postgresql.Driver"}
    password = os.environ.get(store.get("passwordEnv") or "")
    if password is not None:
        properties["password"] = password
    return properties


def quote_identifier(name):
    return '"' + name.replace('"', '""') + '"'


def table_sql(store, table=None):
    parts = [store.get("schema"), table or store["table"]]
    return ".".join(quote_identifier(p) for p in parts if p)


def table_label(store):
    return ".".join(p for p in [store.get("schema"), store.get("table")] if p)


def database_message(error):
    """PostgreSQL's own message from a JDBC failure, without the Java and Spark wrappers around it."""
    text = str(error)
    for marker in ("PSQLException: ", "BatchUpdateException: ", "SQLException: "):
        at = text.find(marker)
        if at >= 0:
            line = text[at + len(marker):].splitlines()[0].strip()
            return line if len(line) <= 2000 else line[:2000] + "…"
    return short(error)


def database_failure(step, error, writing):
    """A StepFailure with ADF's code for a failed read or write of a PostgreSQL store."""
    store = step["store"]
    message = database_message(error)
    lowered = message.lower()
    if "no password was provided" in lowered or ("password" in lowered and "authentication" in lowered):
        code = "DF-PGSQL-InvalidCredential"
    elif ("connection to" in lowered and "refused" in lowered) or "unknownhost" in lowered or "connection attempt failed" in lowered:
        code = "DF-Executor-InternalServerError"
        message = "Could not connect to PostgreSQL (%s): %s" % (store["url"].split("?")[0], message)
    elif writing:
        code = "DF-Executor-UserError"
    else:
        code = "DF-Executor-IncorrectQuery"
    where = ("query" if store.get("query") else "table %s" % table_label(store))
    return StepFailure(step, code, "%s %s: %s" % ("Writing" if writing else "Reading", where, message))


def read_database(spark, step):
    store = step["store"]
    reader = spark.read.format("jdbc").option("url", store["url"])
    for key, value in jdbc_properties(store).items():
        reader = reader.option(key, value)
    if store.get("query"):
        reader = reader.option("query", store["query"])
    else:
        reader = reader.option("dbtable", table_sql(store))
    try:
        return reader.load()
    except Exception as error:
        raise database_failure(step, error, writing=False)


def database_connection(spark, store):
    jvm = spark.sparkContext._jvm
    properties = jvm.java.util.Properties()
    for key, value in jdbc_properties(store).items():
        if key != "driver":
            properties.setProperty(key, value)
    return jvm.java.sql.DriverManager.getConnection(store["url"], properties)


def column_types(connection, relation):
    """The table's columns and their SQL types (format_type), or None when there is no such table."""
    statement = connection.prepareStatement(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
        "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")
    statement.setString(1, relation)
    rows = statement.executeQuery()
    types = {}
    while rows.next():
        types[rows.getString(1)] = rows.getString(2)
    statement.close()
    if types:
        return types
    check = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")
    check.setString(1, relation)
    found = check.executeQuery()
    exists = found.next() and found.getBoolean(1)
    check.close()
    return {} if exists else None


def write_database(spark, step, df):
    store = step["store"]
    columns = [c for c in df.columns if c != ROW_ACTION]
    keys = step.get("keys") or []
    missing_keys = [k for k in keys if k not in columns]
    if missing_keys:
        raise StepFailure(step, "DF-Executor-ColumnUnavailable",
                          "The key column %s is not among the sink's columns (%s)."
                          % (", ".join("'%s'" % k for k in missing_keys), ", ".join(columns)))
    stage = "pipehost_stage_" + uuid.uuid4().hex[:16]
    stage_sql = table_sql(store, stage)
    target = table_sql(store)
    writer = df.write.format("jdbc").option("url", store["url"]).option("dbtable", stage_sql).mode("overwrite")
    for key, value in jdbc_properties(store).items():
        writer = writer.option(key, value)
    connection = None
    try:
        writer.save()
        connection = database_connection(spark, store)
        connection.setAutoCommit(False)
        statement = connection.createStatement()
        for sql in step.get("preSQL") or []:
            statement.execute(sql)
        types = column_types(connection, target)
        names = ", ".join(quote_identifier(c) for c in columns)
        if types is not None and step.get("recreate"):
            statement.execute("DROP TABLE %s" % target)
            types = None
        if types is None:
            statement.execute("CREATE TABLE %s AS SELECT %s FROM %s WITH NO DATA" % (target, names, stage_sql))
            types = column_types(connection, target)
        elif step.get("truncate"):
            statement.execute("TRUNCATE TABLE %s" % target)
        absent = [c for c in columns if c not in types]
        if absent:
            raise StepFailure(step, "DF-Executor-ColumnUnavailable",
                              "The table %s has no column %s (its columns: %s). Add the column to the table, map it away in "
                              "the sink's mapping, or let the sink recreate the table." % (
                                  table_label(store), ", ".join("'%s'" % c for c in absent), ", ".join(sorted(types))))

        def value(c):
            return "CAST(s.%s AS %s)" % (quote_identifier(c), types[c])

        def marked(action):
            return "s.%s = '%s'" % (quote_identifier(ROW_ACTION), action)

        match = " AND ".join("t.%s = %s" % (quote_identifier(k), value(k)) for k in keys)
        assignments = ", ".join("%s = %s" % (quote_identifier(c), value(c)) for c in columns if c not in keys)
        values = ", ".join(value(c) for c in columns)
        actions = set(step.get("allowedActions") or ["insert"])
        if "delete" in actions and keys:
            statement.execute("DELETE FROM %s AS t USING %s AS s WHERE %s AND %s" % (target, stage_sql, marked("delete"), match))
        for action in ("update", "upsert"):
            if action in actions and keys and assignments:
                statement.execute("UPDATE %s AS t SET %s FROM %s AS s WHERE %s AND %s"
                                  % (target, assignments, stage_sql, marked(action), match))
        if "upsert" in actions and keys:
            statement.execute("INSERT INTO %s (%s) SELECT %s FROM %s AS s WHERE %s AND NOT EXISTS (SELECT 1 FROM %s AS t WHERE %s)"
                              % (target, names, values, stage_sql, marked("upsert"), target, match))
        if "insert" in actions:
            statement.execute("INSERT INTO %s (%s) SELECT %s FROM %s AS s WHERE %s"
                              % (target, names, values, stage_sql, marked("insert")))
        for sql in step.get("postSQL") or []:
            statement.execute(sql)
        connection.commit()
    except StepFailure:
        rollback(connection)
        raise
    except Exception as error:
        rollback(connection)
        raise database_failure(step, error, writing=True)
    finally:
        drop_stage(spark, store, stage_sql, connection)


def rollback(connection):
    if connection is not None:
        try:
            connection.rollback()
        except Exception:
            pass


def drop_stage(spark, store, stage_sql, connection):
    """Drops the staging table (if the write got as far as making it) and closes the connection."""
    try:
        if connection is None:
            connection = database_connection(spark, store)
        connection.setAutoCommit(True)
        connection.createStatement().execute("DROP TABLE IF EXISTS %s" % stage_sql)
    except Exception:
        pass
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:
                pass
"""#
}
