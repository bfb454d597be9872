/// The PySpark program that runs an `HDInsightHive` script: Spark SQL with Hive support on the
/// plugin's persistent metastore and warehouse (``HiveMetastore``), one statement at a time, with
/// Hive's variable substitution. `prepare` writes it into the job folder as `hive_driver.py`; its
/// one argument is the job's `hive-job.json` (written by ``HDInsightHiveActivity``).
///
/// What it does, in order:
/// 1. takes the metastore's lock (a `FileChannel` lock held by the JVM itself, so it lasts until
///    the JVM that booted the embedded Derby database has exited), waiting while another Hive job
///    holds it;
/// 2. builds the session with `enableHiveSupport()`, the `defines` (hiveconf) as session settings;
/// 3. splits the script into statements (semicolons inside quotes, backquotes and comments do not
///    end a statement; `--` comments are dropped), substitutes `${hiveconf:x}`, `${hivevar:x}`,
///    `${x}`, `${env:x}` and `${system:x}` in each as Hive does (repeatedly, 40 levels deep,
///    unknown references left as they are), handles `SET hivevar:x=…` and `SET hiveconf:x=…`, and
///    runs the rest with `spark.sql`, printing the first rows of each result;
/// 4. on a failing statement prints `Error in query: <Spark's message>` and exits with 1; past
///    `queryTimeout` it prints the same kind of line and exits with 124.
///
/// The functions before `main` import nothing from pyspark, so they can be tried on their own.
enum HiveDriver {
    /// The file name in the job folder.
    static let fileName = "hive_driver.py"

    static let source = #"""
        import json
        import os
        import re
        import sys
        import threading
        import time

        VARIABLE = re.compile(r"\$\{[^}$ ]+\}")
        SUBSTITUTION_DEPTH = 40
        SET_STATEMENT = re.compile(r"^set\s+([^=\s]+)\s*=(.*)$", re.IGNORECASE | re.DOTALL)
        ROWS_SHOWN = 20
        LOG_PREFIX = "pipehost-hive:"


        def split_statements(script):
            """The statements of a HiveQL script, in order: split at semicolons outside quotes,
            backquotes and comments; `--` comments dropped, /* */ comments kept for Spark's parser
            (hints); statements with nothing but blanks and comments left out."""
            statements = []
            current = []
            meaningful = False
            quote = None
            i, n = 0, len(script)
            while i < n:
                c = script[i]
                if quote is not None:
                    current.append(c)
                    if c == "\\" and quote != "`" and i + 1 < n:
                        current.append(script[i + 1])
                        i += 2
                        continue
                    if c == quote:
                        quote = None
                    i += 1
                    continue
                if c in "'\"`":
                    quote = c
                    meaningful = True
                    current.append(c)
                    i += 1
                    continue
                if script.startswith("--", i):
                    end = script.find("\n", i)
                    i = n if end < 0 else end
                    continue
                if script.startswith("/*", i):
                    end = script.find("*/", i + 2)
                    end = n if end < 0 else end + 2
                    current.append(script[i:end])
                    i = end
                    continue
                if c == ";":
                    if meaningful:
                        statements.append("".join(current).strip())
                    current, meaningful = [], False
                    i += 1
                    continue
                if not c.isspace():
                    meaningful = True
                current.append(c)
                i += 1
            if meaningful:
                statements.append("".join(current).strip())
            return statements


        class Variables:
            """Hive's two namespaces: hiveconf (settings; a name not set here is looked up in the
            session's configuration) and hivevar (variables; also what a bare ${x} names)."""

            def __init__(self, hiveconf, hivevar, conf_lookup=None, system_lookup=None):
                self.hiveconf = dict(hiveconf)
                self.hivevar = dict(hivevar)
                self.conf_lookup = conf_lookup
                self.system_lookup = system_lookup

            def lookup(self, name):
                if name.startswith("system:"):
                    return self.system_lookup(name[7:]) if self.system_lookup else None
                if name.startswith("env:"):
                    return os.environ.get(name[4:])
                if name.startswith("hiveconf:"):
                    key = name[9:]
                    if key in self.hiveconf:
                        return self.hiveconf[key]
                    return self.conf_lookup(key) if self.conf_lookup else None
                if name.startswith("hivevar:"):
                    return self.hivevar.get(name[8:])
                return self.hivevar.get(name)

            def substitute(self, text):
                """Hive's SystemVariables.substitute: replace every ${…} that names a value, again
                on the result while something was replaced, at most 40 rounds deep."""
                for _ in range(SUBSTITUTION_DEPTH + 1):
                    found = False
                    pieces = []
                    previous = 0
                    for match in VARIABLE.finditer(text):
                        value = self.lookup(match.group()[2:-1])
                        if value is None:
                            value = match.group()
                        else:
                            found = True
                        pieces.append(text[previous:match.start()])
                        pieces.append(value)
                        previous = match.end()
                    if not found:
                        return text
                    pieces.append(text[previous:])
                    text = "".join(pieces)
                raise ValueError(
                    f"Variable substitution depth is deeper than {SUBSTITUTION_DEPTH} for expression {text[:200]}")


        def set_command(statement):
            """(key, value) of a `SET key=value` statement, else None."""
            match = SET_STATEMENT.match(statement)
            if match is None:
                return None
            return match.group(1), match.group(2).strip()


        def first_line(error):
            for line in str(error).splitlines():
                if line.strip():
                    return line.strip()
            return type(error).__name__


        def say(text):
            print(f"{LOG_PREFIX} {text}", flush=True)


        def fail(message, status):
            print(f"Error in query: {message}", flush=True)
            sys.stdout.flush()
            os._exit(status)


        def lock_metastore(jvm, path):
            """Locks `path` in the JVM, so the lock lasts exactly as long as the JVM that boots the
            embedded Derby metastore; waits while another job's JVM holds it."""
            channel = jvm.java.io.RandomAccessFile(path, "rw").getChannel()
            lock = channel.tryLock()
            if lock is None:
                say(f"waiting for the Hive metastore: another Hive job holds {path}")
                started = time.monotonic()
                lock = channel.lock()
                say(f"got the Hive metastore after {time.monotonic() - started:.1f} s")
            return channel, lock


        def show(frame):
            if not frame.columns:
                return
            rows = frame.take(ROWS_SHOWN + 1)
            lines = ["\t".join("NULL" if value is None else str(value) for value in row) for row in rows[:ROWS_SHOWN]]
            if len(rows) > ROWS_SHOWN:
                lines.append(f"{LOG_PREFIX} (first {ROWS_SHOWN} rows shown)")
            else:
                lines.append(f"{LOG_PREFIX} fetched {len(rows)} row(s)")
            # One write, so that the JVM's log lines do not land between the rows.
            print("\n".join(lines), flush=True)


        def run(spark, statements, variables):
            for number, raw in enumerate(statements, 1):
                try:
                    statement = variables.substitute(raw).strip()
                except ValueError as error:
                    fail(str(error), 1)
                shown = statement if len(statement) <= 1000 else statement[:1000] + " …"
                say(f"statement {number} of {len(statements)}: {shown}")
                setting = set_command(statement)
                try:
                    if setting is not None and setting[0].lower().startswith("hivevar:"):
                        variables.hivevar[setting[0][8:]] = setting[1]
                        continue
                    if setting is not None:
                        key = setting[0][9:] if setting[0].lower().startswith("hiveconf:") else setting[0]
                        spark.conf.set(key, setting[1])
                        variables.hiveconf[key] = setting[1]
                        continue
                    show(spark.sql(statement))
                except Exception as error:
                    say(f"statement {number} failed")
                    fail(first_line(error), 1)


        def main(spec_path):
            with open(spec_path, encoding="utf-8") as handle:
                spec = json.load(handle)
            with open(spec["script"], encoding="utf-8") as handle:
                script = handle.read()
            statements = split_statements(script)
            say(f"{len(statements)} statement(s) in {spec['script']}")

            from pyspark import SparkContext
            from pyspark.sql import SparkSession

            SparkContext._ensure_initialized()
            jvm = SparkContext._jvm
            os.makedirs(os.path.dirname(spec["lockFile"]), exist_ok=True)
            held = lock_metastore(jvm, spec["lockFile"])

            builder = SparkSession.builder.enableHiveSupport()
            for key, value in spec["hiveconf"]:
                builder = builder.config(key, value)
            spark = builder.getOrCreate()
            conf_lookup = lambda key: spark.conf.get(key, None)
            system_lookup = lambda key: jvm.java.lang.System.getProperty(key)
            variables = Variables(spec["hiveconf"], spec["hivevar"], conf_lookup, system_lookup)

            timeout = spec.get("queryTimeoutMinutes")
            if timeout:
                def expire():
                    say(f"queryTimeout of {timeout} minute(s) reached: stopping the job")
                    try:
                        spark.sparkContext.cancelAllJobs()
                    finally:
                        fail(f"The Hive script did not finish within its queryTimeout of {timeout} minute(s).", 124)
                timer = threading.Timer(timeout * 60, expire)
                timer.daemon = True
                timer.start()

            if spec.get("database"):
                statements.insert(0, f"USE `{spec['database']}`")
            run(spark, statements, variables)
            say("all statements succeeded")
            spark.stop()
            del held


        if __name__ == "__main__":
            main(sys.argv[1])
        """#
}
