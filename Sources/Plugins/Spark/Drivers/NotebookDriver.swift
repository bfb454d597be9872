/// The PySpark program that runs a notebook the way Databricks and Synapse run one: its code cells
/// in order in one namespace with `spark`, `sc`, `display` and the `dbutils` / `mssparkutils`
/// helpers a notebook uses for parameters and its exit value. It reads `notebook-job.json` from
/// the job folder and writes the exit value to `pipehost-output.json` there (docs/spark.md).
enum NotebookDriver {
    static let fileName = "pipehost_notebook_driver.py"

    static let source = #"""
import json
import os
import shutil
import sys
import traceback

from pyspark.sql import SparkSession

JOB = os.environ.get("PIPEHOST_SPARK_JOB", os.getcwd())


class NotebookExit(Exception):
    def __init__(self, value):
        super().__init__(value)
        self.value = value


def local_path(path, dbfs_root):
    """dbfs:/x and /dbfs/x name files under the DBFS folder; file:/x and plain paths are local."""
    if path.startswith("dbfs:/"):
        return os.path.join(dbfs_root, path[len("dbfs:/"):].lstrip("/"))
    if path.startswith("/dbfs/"):
        return os.path.join(dbfs_root, path[len("/dbfs/"):])
    if path.startswith("file:"):
        return "/" + path[len("file:"):].lstrip("/")
    return path


class FileInfo(tuple):
    def __new__(cls, path, name, size):
        info = tuple.__new__(cls, (path, name, size))
        info.path, info.name, info.size = path, name, size
        return info


class Fs:
    def __init__(self, dbfs_root):
        self.root = dbfs_root

    def _p(self, path):
        return local_path(path, self.root)

    def ls(self, path):
        folder = self._p(path)
        result = []
        for name in sorted(os.listdir(folder)):
            full = os.path.join(folder, name)
            shown = path.rstrip("/") + "/" + name + ("/" if os.path.isdir(full) else "")
            result.append(FileInfo(shown, name + ("/" if os.path.isdir(full) else ""), 0 if os.path.isdir(full) else os.path.getsize(full)))
        return result

    def mkdirs(self, path):
        os.makedirs(self._p(path), exist_ok=True)
        return True

    def put(self, path, contents, overwrite=False):
        target = self._p(path)
        if os.path.exists(target) and not overwrite:
            raise Exception(f"FileAlreadyExistsException: {path} already exists")
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(target, "w", encoding="utf-8") as out:
            out.write(contents)
        return True

    def head(self, path, maxBytes=65536):
        with open(self._p(path), "rb") as source:
            return source.read(maxBytes).decode("utf-8", "replace")

    def cp(self, source, target, recurse=False):
        s, t = self._p(source), self._p(target)
        if os.path.isdir(s):
            if not recurse:
                raise Exception(f"{source} is a directory: pass recurse=True")
            shutil.copytree(s, t, dirs_exist_ok=True)
        else:
            os.makedirs(os.path.dirname(t) or ".", exist_ok=True)
            shutil.copyfile(s, t)
        return True

    def mv(self, source, target, recurse=False):
        self.cp(source, target, recurse)
        return self.rm(source, recurse)

    def rm(self, path, recurse=False):
        target = self._p(path)
        if os.path.isdir(target):
            if not recurse:
                raise Exception(f"{path} is a directory: pass recurse=True")
            shutil.rmtree(target)
        elif os.path.exists(target):
            os.remove(target)
        return True

    def exists(self, path):
        return os.path.exists(self._p(path))


class Widgets:
    def __init__(self, parameters):
        self._parameters = {k: v for k, v in parameters.items()}
        self._defaults = {}

    def text(self, name, defaultValue="", label=None):
        self._defaults.setdefault(name, defaultValue)

    def dropdown(self, name, defaultValue, choices=None, label=None):
        self._defaults.setdefault(name, defaultValue)

    combobox = dropdown

    def multiselect(self, name, defaultValue, choices=None, label=None):
        self._defaults.setdefault(name, defaultValue)

    def get(self, name):
        if name in self._parameters:
            value = self._parameters[name]
            return value if isinstance(value, str) else json.dumps(value)
        if name in self._defaults:
            return self._defaults[name]
        raise Exception(f"InputWidgetNotDefined: No input widget named {name} is defined")

    def getArgument(self, name, optional=None):
        try:
            return self.get(name)
        except Exception:
            return optional

    def getAll(self):
        merged = dict(self._defaults)
        merged.update({k: self.get(k) for k in self._parameters})
        return merged

    def remove(self, name):
        self._defaults.pop(name, None)

    def removeAll(self):
        self._defaults.clear()


class Secrets:
    def get(self, scope, key):
        raise Exception("SecretsUnavailable: dbutils.secrets has no secret scopes in pipehost; pass the value "
                        "as a notebook parameter (baseParameters) instead")

    getBytes = get

    def listScopes(self):
        return []


class NotebookRunner:
    def __init__(self, job, spark):
        self.job = job
        self.spark = spark
        self.depth = 0

    def resolve(self, path, relative_to=None):
        if relative_to and (path.startswith("./") or path.startswith("../")):
            path = os.path.normpath(os.path.join(os.path.dirname(relative_to), path))
        if os.path.isabs(path) and os.path.exists(path):
            return path
        base = os.path.join(self.job["workspaceFolder"], path.lstrip("/"))
        for candidate in (base, base + ".py", base + ".ipynb", base + ".json"):
            if os.path.isfile(candidate):
                return candidate
        raise Exception(f"NotebookNotFound: the notebook '{path}' is not in the workspace folder "
                        f"'{self.job['workspaceFolder']}' (looked for .py, .ipynb and .json)")

    def cells(self, path):
        with open(path, encoding="utf-8") as source:
            text = source.read()
        if path.endswith(".ipynb") or path.endswith(".json"):
            document = json.loads(text)
            if "cells" not in document and "properties" in document:
                document = document["properties"]
            result = []
            for cell in document.get("cells", []):
                if cell.get("cell_type") != "code":
                    continue
                source = cell.get("source", "")
                source = "".join(source) if isinstance(source, list) else source
                tags = (cell.get("metadata") or {}).get("tags") or []
                result.append((source, "parameters" in tags))
            return result
        lines = text.splitlines()
        if lines and lines[0].strip() == "# Databricks notebook source":
            lines = lines[1:]
        cells, current = [], []
        for line in lines:
            if line.strip() == "# COMMAND ----------":
                cells.append("\n".join(current))
                current = []
            else:
                current.append(line)
        cells.append("\n".join(current))
        result = []
        for cell in cells:
            body = [l for l in cell.splitlines() if l.strip()]
            if body and all(l.startswith("# MAGIC") for l in body):
                cell = "\n".join(l[len("# MAGIC"):][1:] if l[len("# MAGIC"):].startswith(" ") else l[len("# MAGIC"):]
                                 for l in cell.splitlines() if l.strip())
            result.append((cell, False))
        return result

    def run_cell(self, source, namespace, notebook, index):
        stripped = source.strip()
        if not stripped:
            return
        first, _, rest = stripped.partition("\n")
        magic = first.strip().lstrip("%").split(" ")[0] if first.strip().startswith("%") else None
        if magic in ("md", "markdown"):
            return
        if magic == "sql":
            for statement in [s.strip() for s in rest.split(";") if s.strip()]:
                frame = self.spark.sql(statement)
                if frame.columns:
                    frame.show(20, truncate=False)
            return
        if magic in ("python", "pyspark"):
            source = rest
        elif magic == "run":
            target = first.strip()[len("%run"):].strip().split(" ")[0]
            self.run_notebook(self.resolve(target, notebook), namespace, None, inline=True)
            return
        elif magic is not None:
            raise Exception(f"UnsupportedMagic: cell {index} of {notebook} starts with %{magic}, which pipehost does "
                            "not run (it runs Python, %python, %pyspark, %sql, %md and %run cells)")
        exec(compile(source, f"{os.path.basename(notebook)} cell {index}", "exec"), namespace)

    def run_notebook(self, path, namespace, parameters, inline=False):
        self.depth += 1
        if self.depth > 16:
            raise Exception("NotebookNestedTooDeep: notebooks run each other more than 16 levels deep")
        try:
            cells = self.cells(path)
            if parameters and self.job.get("injectParameters") and not any(tagged for _, tagged in cells):
                namespace.update(parameters)
            for index, (source, is_parameters) in enumerate(cells, start=1):
                self.run_cell(source, namespace, path, index)
                if is_parameters and parameters and self.job.get("injectParameters"):
                    for name, value in parameters.items():
                        namespace[name] = value
        finally:
            self.depth -= 1

    def namespace(self, parameters):
        flavor = self.job.get("flavor", "databricks")
        runner = self

        class NotebookUtils:
            def exit(self, value):
                raise NotebookExit(value if isinstance(value, str) else str(value))

            def run(self, path, timeout_seconds=0, arguments=None, *rest, **keywords):
                arguments = arguments if arguments is not None else keywords.get("arguments", {}) or {}
                child = runner.namespace(arguments)
                try:
                    runner.run_notebook(runner.resolve(path), child, arguments)
                except NotebookExit as finished:
                    return finished.value
                return ""

        class Utils:
            pass

        utils = Utils()
        utils.widgets = Widgets(parameters)
        utils.notebook = NotebookUtils()
        utils.fs = Fs(self.job["dbfsRoot"])
        utils.secrets = Secrets()
        namespace = {
            "__name__": "__main__",
            "spark": self.spark,
            "sc": self.spark.sparkContext,
            "sqlContext": self.spark,
            "display": lambda value, *a, **k: value.show(20, truncate=False) if hasattr(value, "show") else print(value),
        }
        if flavor == "synapse":
            namespace["mssparkutils"] = utils
            namespace["notebookutils"] = utils
        else:
            namespace["dbutils"] = utils
        return namespace


def main():
    with open(os.path.join(JOB, "notebook-job.json"), encoding="utf-8") as source:
        job = json.load(source)
    spark = SparkSession.builder.appName(job.get("name", "notebook")).getOrCreate()
    runner = NotebookRunner(job, spark)
    parameters = job.get("parameters") or {}
    exit_value = None
    try:
        runner.run_notebook(runner.resolve(job["notebook"]), runner.namespace(parameters), parameters)
    except NotebookExit as finished:
        exit_value = finished.value
    except Exception as error:
        traceback.print_exc()
        print(f"NotebookError: {type(error).__name__}: {error}", file=sys.stderr)
        sys.stderr.flush()
        spark.stop()
        sys.exit(1)
    output = {}
    if exit_value is not None:
        if job.get("flavor") == "synapse":
            output = {"status": {"Output": {"result": {"exitValue": exit_value}}}}
        else:
            parsed = exit_value
            try:
                candidate = json.loads(exit_value)
                if isinstance(candidate, (dict, list)):
                    parsed = candidate
            except ValueError:
                pass
            output = {"runOutput": parsed}
    if job.get("flavor") != "synapse":
        output["runPageUrl"] = "file://" + os.path.join(JOB, "driver.log")
    with open(os.path.join(JOB, "pipehost-output.json"), "w", encoding="utf-8") as out:
        json.dump(output, out)
    spark.stop()


if __name__ == "__main__":
    main()
"""#
}
