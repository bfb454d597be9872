/// The PySpark driver of `HDInsightStreaming`: Hadoop Streaming's contract (splits, mapper, key
/// partitioning, sorted runs, combiner, shuffle, reducer, part files) on Spark's tasks and shuffle.
/// `prepare` writes it into the job folder as `streaming.py`; it reads the job from `streaming.json`
/// (``StreamingDriverJob``). docs/spark-notes-streaming.md explains the contract it implements.
enum StreamingDriver {
    static let fileName = "streaming.py"

    static let source = #"""
# pipehost's Hadoop Streaming on Spark (HDInsightStreaming). Written into the job folder by the
# Spark plugin and run by spark-submit with one argument: the job's streaming.json.
#
# Hadoop Streaming's contract, on Spark's tasks and shuffle:
# - the input (a file, or every file below a folder but those named _* or .*) is cut into splits
#   as Hadoop's FileInputFormat does; each map task pipes its split's lines (LineRecordReader's
#   rules at split edges) into one mapper process;
# - each mapper output line splits at its first TAB into key and value (no TAB: the whole line is
#   the key and the value is empty, so the line goes on as "key<TAB>");
# - with reducers, the map output is partitioned by key hash, each partition's run sorted by key
#   (byte order, as Hadoop's Text comparator) and piped through the combiner when there is one;
#   Spark shuffles the runs; each reduce task merges its runs in key order, pipes them into one
#   reducer process and writes its output as part-NNNNN;
# - with no reducers (map only), each map task writes its mapper's output as part-NNNNN;
# - then _SUCCESS. A program that exits non-zero fails the job, naming it and its stderr's end.
#
# The programs run in the task's working folder, where --files put the shipped files, with the
# worker's environment plus commandEnvironment, the job configuration (defines) exported as
# Hadoop does (name with every non-alphanumeric character as "_") and the task's own variables.
import gzip
import heapq
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib

from pyspark import SparkContext, SparkFiles, TaskContext

CHUNK = 1 << 20
BLOCK_SIZE = 32 << 20  # Hadoop's fs.local.block.size: the largest split
STDERR_LINES = 8
TABLESS_LINE = re.compile(rb"\n([^\t\n]*)(?=\n)")
LOW_BYTES = re.compile(rb"[\x00-\x08]")


class StreamingTaskError(Exception):
    """A program of the job failed; the message names it and ends with its stderr."""


def main():
    with open(sys.argv[1], "rb") as source:
        job = json.load(source)
    context = SparkContext.getOrCreate()
    output = job["output"]
    if os.path.exists(output):
        fail(f"org.apache.hadoop.mapred.FileAlreadyExistsException: Output directory {output} already exists")
    splits = input_splits(job, context.defaultParallelism)
    os.makedirs(os.path.join(output, "_temporary"))
    try:
        if job["reducers"] == 0:
            tasks = len(splits)
            if splits:
                stats = context.parallelize(splits, len(splits)).mapPartitionsWithIndex(
                    lambda index, items: map_only_task(job, index, items)).collect()
            else:
                stats = []
        else:
            tasks = job["reducers"]
            runs = context.parallelize(splits, max(1, len(splits))).mapPartitionsWithIndex(
                lambda index, items: map_task(job, index, items))
            stats = runs.partitionBy(tasks, lambda reducer: reducer).mapPartitionsWithIndex(
                lambda index, items: reduce_task(job, index, items)).collect()
    except Exception as error:  # a task's failure reaches the driver wrapped in Py4J's error
        shutil.rmtree(output, ignore_errors=True)
        found = re.findall(r"StreamingTaskError: ([^\n]*)", str(error))
        fail(found[-1] if found else f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
    temporary = os.path.join(output, "_temporary")
    for index in range(tasks):
        name = "part-%05d" % index
        if os.path.exists(os.path.join(temporary, name)):
            os.replace(os.path.join(temporary, name), os.path.join(output, name))
    shutil.rmtree(temporary)
    open(os.path.join(output, "_SUCCESS"), "wb").close()
    records = sum(count for count, _ in stats)
    written = sum(count for _, count in stats)
    print(f"pipehost streaming: {len(splits)} map tasks, {job['reducers']} reduce tasks; "
          f"{records} records in, {written} records out", file=sys.stderr)
    context.stop()


def fail(message):
    print(f"StreamingJobError: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


# MARK: Input splits (org.apache.hadoop.mapred.FileInputFormat)

def input_files(path):
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path):
        fail(f"org.apache.hadoop.mapred.InvalidInputException: Input path does not exist: {path}")
    found = []
    for root, folders, names in os.walk(path):
        folders[:] = sorted(name for name in folders if not name.startswith(("_", ".")))
        found += [os.path.join(root, name) for name in sorted(names) if not name.startswith(("_", "."))]
    return found


def input_splits(job, parallelism):
    files = [(path, os.path.getsize(path)) for path in input_files(job["input"])]
    total = sum(size for _, size in files)
    goal = total // max(1, job.get("maps") or parallelism)
    size = max(job.get("minSplitSize") or 1, min(goal, BLOCK_SIZE))
    splits = []
    for path, length in files:
        if length == 0 or path.endswith(".gz"):
            splits.append((path, 0, length))
            continue
        start = 0
        while (length - start) / size > 1.1:
            splits.append((path, start, size))
            start += size
        splits.append((path, start, length - start))
    return splits


def copy_split(path, start, length, sink):
    """Writes the lines of the split to sink: those that start in (start, start + length] (from
    0 for the first split), \\r\\n read as \\n, and a last line without one ended by one."""
    last = b"\n"
    held = b""

    def write(chunk):
        nonlocal last, held
        chunk = held + chunk
        held = b""
        if chunk.endswith(b"\r"):
            chunk, held = chunk[:-1], b"\r"
        if chunk:
            sink.write(chunk.replace(b"\r\n", b"\n"))
            last = chunk[-1:]

    if path.endswith(".gz"):
        with gzip.open(path, "rb") as source:
            while chunk := source.read(CHUNK):
                write(chunk)
    else:
        end = start + length
        with open(path, "rb") as source:
            size = os.fstat(source.fileno()).st_size
            position = start
            if start != 0:
                source.seek(start)
                position += len(source.readline())
            if position <= end:
                remaining = end - position
                while remaining > 0 and (chunk := source.read(min(CHUNK, remaining))):
                    write(chunk)
                    remaining -= len(chunk)
                if end < size:
                    write(source.readline())
    if held:
        sink.write(held)
        last = held
    if last != b"\n":
        sink.write(b"\n")


# MARK: Programs

def program_environment(job, task):
    environment = dict(os.environ)
    environment.update(job["environment"])
    environment.update(task)
    return environment


class Program:
    """One run of a mapper, combiner or reducer in the task's working folder, stderr kept in a file."""

    def __init__(self, job, role, task_name, environment):
        self.role, self.command, self.task_name = role, job[role], task_name
        folder = SparkFiles.getRootDirectory()
        arguments = shlex.split(self.command)
        if arguments and os.path.isfile(os.path.join(folder, arguments[0])):
            arguments[0] = os.path.join(folder, arguments[0])
        self.errors = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen(
                arguments, cwd=folder, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=self.errors, bufsize=0)
        except OSError as error:
            raise StreamingTaskError(
                f"{role} '{self.command}' of {task_name} could not start: {error.strerror}: '{arguments[0]}'")
        self.feed_error = None

    def feed(self, produce):
        """Writes what produce(sink) writes into the program's stdin on a thread of its own."""
        def run():
            try:
                produce(self.process.stdin)
            except BrokenPipeError:
                pass  # the program stopped reading; its exit status says whether that was a failure
            except Exception as error:
                self.feed_error = error
            finally:
                try:
                    self.process.stdin.close()
                except OSError:
                    pass
        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def lines(self):
        """The program's stdout as chunks of complete lines (a last line without \\n ended by one)."""
        stream, rest = self.process.stdout, b""
        while chunk := stream.read(CHUNK):
            cut = chunk.rfind(b"\n")
            if cut < 0:
                rest += chunk
                continue
            yield rest + chunk[:cut + 1]
            rest = chunk[cut + 1:]
        if rest:
            yield rest + b"\n"

    def finish(self):
        status = self.process.wait()
        self.thread.join()
        if status != 0:
            self.errors.seek(0)
            tail = self.errors.read().decode("utf-8", "replace").strip().splitlines()[-STDERR_LINES:]
            said = " / ".join(line.strip() for line in tail if line.strip()) or "(nothing)"
            raise StreamingTaskError(
                f"{self.role} '{self.command}' of {self.task_name} exited with code {status} "
                f"(PipeMapRed: subprocess failed); its stderr ends: {said}")
        if self.feed_error is not None:
            raise StreamingTaskError(f"{self.task_name} could not read its input: {self.feed_error}")
        self.errors.close()


def run_whole(job, role, task_name, environment, data):
    """Pipes data through a program (the combiner), returning its whole output."""
    program = Program(job, role, task_name, environment)
    program.feed(lambda sink: sink.write(data))
    output = b"".join(program.lines())
    program.finish()
    return output


# MARK: Records

def keyed(chunk):
    """Complete lines with a TAB after every tab-less line's key, as Hadoop passes them on."""
    if b"\t" not in chunk:
        return chunk.replace(b"\n", b"\t\n")
    return TABLESS_LINE.sub(rb"\n\1\t", b"\n" + chunk)[1:]


def key_of(line):
    return line[:line.index(b"\t")]


def sort_lines(lines, by_key):
    # Whole lines in byte order are in key order when no key holds a byte below TAB: every line
    # has a TAB right after its key, and TAB is then the smallest byte that can follow a key.
    if by_key:
        lines.sort(key=key_of)
    else:
        lines.sort()


class TaskOutput:
    """A task's part file, written under _temporary and renamed there when the task succeeds."""

    def __init__(self, job, index):
        folder = os.path.join(job["output"], "_temporary")
        self.final = os.path.join(folder, "part-%05d" % index)
        self.path = f"{self.final}.attempt-{TaskContext.get().taskAttemptId()}"
        self.file = open(self.path, "wb")
        self.records = 0

    def write(self, chunk):
        self.file.write(chunk)
        self.records += chunk.count(b"\n")

    def commit(self):
        self.file.close()
        os.replace(self.path, self.final)


# MARK: Map tasks

def map_environment(job, index, path, start, length):
    return program_environment(job, {
        "mapreduce_task_partition": str(index), "mapreduce_task_ismap": "true",
        "mapreduce_map_input_file": path, "map_input_file": path,
        "mapreduce_map_input_start": str(start), "mapreduce_map_input_length": str(length),
    })


def start_mapper(job, index, split):
    path, start, length = split
    mapper = Program(job, "mapper", f"map task {index}", map_environment(job, index, path, start, length))
    counter = CountingSink()
    mapper.feed(lambda sink: copy_split(path, start, length, counter.wrap(sink)))
    return mapper, counter


class CountingSink:
    """Counts the lines written through it (the map input records)."""

    def __init__(self):
        self.records = 0

    def wrap(self, sink):
        outer = self

        class Sink:
            def write(self, chunk):
                outer.records += chunk.count(b"\n")
                sink.write(chunk)
        return Sink()


def map_only_task(job, index, splits):
    for split in splits:
        mapper, counter = start_mapper(job, index, split)
        output = TaskOutput(job, index)
        for chunk in mapper.lines():
            output.write(keyed(chunk))
        mapper.finish()
        output.commit()
        yield counter.records, output.records


def map_task(job, index, splits):
    reducers, limit = job["reducers"], job["sortBufferBytes"]
    for split in splits:
        mapper, counter = start_mapper(job, index, split)
        buffered, size = [], 0
        for chunk in mapper.lines():
            buffered.append(chunk)
            size += len(chunk)
            if size >= limit:
                yield from spill(job, index, b"".join(buffered), reducers)
                buffered, size = [], 0
        mapper.finish()
        if buffered:
            yield from spill(job, index, b"".join(buffered), reducers)


def spill(job, index, data, reducers):
    """The map output buffered so far, partitioned, sorted and combined: (reducer, run) pairs."""
    data = keyed(data)
    by_key = LOW_BYTES.search(data) is not None
    lines = data.split(b"\n")
    lines.pop()
    if reducers == 1:
        partitions = [lines]
    else:
        partitions = [[] for _ in range(reducers)]
        appends = [partition.append for partition in partitions]
        crc32 = zlib.crc32
        for line in lines:
            appends[crc32(line[:line.index(b"\t")]) % reducers](line)
    for reducer, partition in enumerate(partitions):
        if not partition:
            continue
        sort_lines(partition, by_key)
        run = b"\n".join(partition) + b"\n"
        if job.get("combiner"):
            environment = program_environment(job, {
                "mapreduce_task_partition": str(index), "mapreduce_task_ismap": "true"})
            combined = keyed(run_whole(job, "combiner", f"map task {index}", environment, run))
            partition = combined.split(b"\n")
            partition.pop()
            sort_lines(partition, by_key or LOW_BYTES.search(combined) is not None)
            run = b"\n".join(partition) + b"\n" if partition else b""
        if run:
            yield reducer, run


# MARK: Reduce tasks

def reduce_task(job, index, runs):
    folder = tempfile.mkdtemp(prefix=f"reduce-{index}-")
    try:
        merged, records, by_key = merged_input(runs, folder, job["inMemoryMergeBytes"], job["mergeFactor"], f"reduce task {index}")
        environment = program_environment(job, {"mapreduce_task_partition": str(index), "mapreduce_task_ismap": "false"})
        reducer = Program(job, "reducer", f"reduce task {index}", environment)
        reducer.feed(merged)
        output = TaskOutput(job, index)
        for chunk in reducer.lines():
            output.write(keyed(chunk))
        reducer.finish()
        output.commit()
        yield records(), output.records
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def merged_input(runs, folder, in_memory_limit, merge_factor, task):
    """A writer of the reduce task's input in key order, a count of its records, and whether keys
    needed comparing on their own: in memory up to in_memory_limit bytes, else merged from files,
    merge_factor runs at a time (mapreduce.reduce.memory.totalbytes and mapreduce.task.io.sort.factor)."""
    held, size, files, by_key, spilled = [], 0, [], False, 0
    for _, run in runs:
        by_key = by_key or LOW_BYTES.search(run) is not None
        if files or size + len(run) > in_memory_limit:
            if not files:
                # Numbered by position: each run its own file (numbering by len(files) inside
                # the comprehension gave every held run the same name, the last one overwriting).
                files = [write_run(folder, number, data) for number, data in enumerate(held)]
                spilled, held = len(held), []
            files.append(write_run(folder, len(files), run))
        else:
            held.append(run)
            size += len(run)
    counted = [0]
    if not files:
        lines = b"".join(held).split(b"\n")
        lines.pop()
        sort_lines(lines, by_key)
        counted[0] = len(lines)

        def write_memory(sink):
            for start in range(0, len(lines), 65536):
                sink.write(b"\n".join(lines[start:start + 65536]) + b"\n")
        return write_memory, lambda: counted[0], by_key

    key = (lambda line: line[:line.index(b"\t")]) if by_key else None
    print(f"pipehost streaming: {task} merges {len(files)} runs of {sum(os.path.getsize(path) for path in files)} bytes "
          f"from files, {merge_factor} at a time ({spilled} held in memory until its input passed {in_memory_limit} bytes)",
          file=sys.stderr, flush=True)
    generation = 0
    while len(files) > merge_factor:  # merge passes until the last merge takes every run at once
        generation += 1
        merged = []
        for start in range(0, len(files), merge_factor):
            group = files[start:start + merge_factor]
            target = os.path.join(folder, f"merge-{generation}-{start}")
            with open(target, "wb") as out:
                out.writelines(merge_files(group, key))
            for path in group:
                os.remove(path)
            merged.append(target)
        files = merged

    def write_files(sink):
        batch = []
        for line in merge_files(files, key):
            batch.append(line)
            if len(batch) == 65536:
                sink.write(b"".join(batch))
                counted[0] += len(batch)
                batch = []
        sink.write(b"".join(batch))
        counted[0] += len(batch)
    return write_files, lambda: counted[0], by_key


def write_run(folder, number, data):
    path = os.path.join(folder, f"run-{number}")
    with open(path, "wb") as out:
        out.write(data)
    return path


def merge_files(paths, key):
    sources = [open(path, "rb", buffering=CHUNK) for path in paths]
    try:
        yield from heapq.merge(*sources, key=key)
    finally:
        for source in sources:
            source.close()


if __name__ == "__main__":
    main()
"""#
}
