import Foundation
import PythonTestSupport
import Testing

/// pyarrow, the reference Parquet implementation, in a git-ignored virtual environment
/// (`.pipehost/venv-pyarrow`) installed from PyPI on first use, and the script the interop tests
/// run in it: `write FOLDER` writes files with every codec, dictionary on and off, data pages v1
/// and v2, delta and byte-stream-split encodings and INT96 timestamps; `check FILE…` asserts the
/// types and values of files pipehost wrote.
enum Pyarrow {
    static let package = PythonPackage(
        "pyarrow==26.0.1", venvName: "venv-pyarrow",
        check: "import pyarrow, sys; sys.exit(0 if pyarrow.__version__ == '26.0.1' else 1)")

    /// The venv's python with pyarrow importable, set up on first use; nil when that is impossible.
    static let python: String? = package.installedPython()

    /// Runs the script with `arguments` off the cooperative pool; the exit status and the output.
    static func run(_ arguments: [String]) async throws -> (Int32, String) {
        try await PythonPackage.run(python: try #require(python), script: script, arguments)
    }

    static let script = #"""
        import datetime, decimal, os, sys
        import pyarrow as pa
        import pyarrow.parquet as pq

        UTC = datetime.timezone.utc

        def table():
            return pa.table({
                "b": pa.array([True, None, False], pa.bool_()),
                "i8": pa.array([-5, None, 127], pa.int8()),
                "u8": pa.array([200, None, 0], pa.uint8()),
                "i16": pa.array([-300, None, 7], pa.int16()),
                "u16": pa.array([65535, None, 1], pa.uint16()),
                "i32": pa.array([-70000, None, 2147483647], pa.int32()),
                "u32": pa.array([4294967295, None, 0], pa.uint32()),
                "i64": pa.array([1 << 40, None, -1], pa.int64()),
                "u64": pa.array([18446744073709551615, None, 1], pa.uint64()),
                "f32": pa.array([1.25, None, -0.5], pa.float32()),
                "f64": pa.array([2.5, None, 1e300], pa.float64()),
                "s": pa.array(["h\u00e9llo", None, ""], pa.string()),
                "bin": pa.array([b"\x00\x01", None, b""], pa.binary()),
                "d": pa.array([datetime.date(2024, 5, 1), None, datetime.date(1969, 12, 31)], pa.date32()),
                "ts_ms": pa.array([1714557600123, None, -1], pa.timestamp("ms")),
                "ts_us_utc": pa.array([1714557600123456, None, 0], pa.timestamp("us", tz="UTC")),
                "ts_ns": pa.array([1714557600000000001, None, 0], pa.timestamp("ns")),
                "dec": pa.array([decimal.Decimal("12.50"), None, decimal.Decimal("-0.01")], pa.decimal128(10, 2)),
                "dec38": pa.array([decimal.Decimal("-1234567890.123456789012345678"), None, decimal.Decimal(0)], pa.decimal128(38, 18)),
                "fixed": pa.array([b"abc", None, b"xyz"], pa.binary(3)),
            })

        def write(folder):
            t = table()
            for codec in ["none", "snappy", "gzip", "zstd"]:
                for dictionary in [True, False]:
                    for page in ["1.0", "2.0"]:
                        name = f"types-{codec}-{'dict' if dictionary else 'plain'}-v{page[0]}.parquet"
                        pq.write_table(t, os.path.join(folder, name), compression=codec, use_dictionary=dictionary,
                                       data_page_version=page)
            pq.write_table(t, os.path.join(folder, "types-delta-v2.parquet"), use_dictionary=False, data_page_version="2.0",
                           compression="zstd", column_encoding={
                               "b": "RLE", "i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED",
                               "s": "DELTA_LENGTH_BYTE_ARRAY", "bin": "DELTA_BYTE_ARRAY", "fixed": "DELTA_BYTE_ARRAY",
                               "f32": "BYTE_STREAM_SPLIT", "f64": "BYTE_STREAM_SPLIT"})
            pq.write_table(t, os.path.join(folder, "int96.parquet"), use_deprecated_int96_timestamps=True)
            n = 50000
            big = pa.table({
                "id": pa.array(range(n), pa.int64()),
                "name": pa.array([f"name {i % 100}" for i in range(n)], pa.string()),
                "value": pa.array([None if i % 7 == 0 else i * 0.5 for i in range(n)], pa.float64()),
            })
            pq.write_table(big, os.path.join(folder, "big-dict.parquet"), row_group_size=20000, data_page_size=4096)
            pq.write_table(big, os.path.join(folder, "big-delta.parquet"), row_group_size=20000, data_page_size=4096,
                           use_dictionary=False, data_page_version="2.0", compression="gzip",
                           column_encoding={"id": "DELTA_BINARY_PACKED", "name": "DELTA_BYTE_ARRAY"})
            print("PYARROW-WROTE", len(os.listdir(folder)))

        def check(paths):
            expected_types = {
                "c_Boolean": "bool", "c_Byte": "uint8", "c_Byte[]": "binary", "c_Date": "date32[day]",
                "c_DateTime": "timestamp[us]", "c_DateTimeOffset": "timestamp[us, tz=UTC]", "c_Decimal": "decimal128(38, 18)",
                "c_Double": "double", "c_Guid": "string", "c_Int16": "int16", "c_Int32": "int32", "c_Int64": "int64",
                "c_Single": "float", "c_String": "string", "c_TimeSpan": "string",
            }
            first = {
                "c_Boolean": True, "c_Byte": 200, "c_Byte[]": b"\x00\x01\xff", "c_Date": datetime.date(2024, 5, 1),
                "c_DateTime": datetime.datetime(2024, 5, 1, 10, 0, 0, 500000),
                "c_DateTimeOffset": datetime.datetime(2024, 5, 1, 10, 0, tzinfo=UTC), "c_Decimal": decimal.Decimal("-12.5"),
                "c_Double": 2.5, "c_Guid": "4b0e8f0a-9d3c-4f4e-8d3a-1c2b3a4d5e6f", "c_Int16": -300, "c_Int32": -70000,
                "c_Int64": 1 << 40, "c_Single": 1.25, "c_String": "h\u00e9llo, w\u00f6rld", "c_TimeSpan": "01:02:03",
            }
            for path in paths:
                t = pq.read_table(path)
                types = {field.name: str(field.type) for field in t.schema}
                assert types == expected_types, (path, types)
                rows = t.to_pylist()
                assert len(rows) == 11, (path, len(rows))
                for index, row in enumerate(rows):
                    want = first if index % 2 == 0 else {key: None for key in first}
                    assert row == want, (path, index, row)
                meta = pq.ParquetFile(path).metadata
                assert meta.num_row_groups == 3, (path, meta.num_row_groups)
                assert meta.created_by == "pipehost", meta.created_by
            print("PYARROW-CHECKS-PASSED", len(paths))

        if sys.argv[1] == "write":
            write(sys.argv[2])
        else:
            check(sys.argv[2:])
        """#
}
