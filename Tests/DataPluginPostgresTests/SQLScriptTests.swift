import PostgresSupport
import TestSizeTags
import Testing

@Suite("SQLScript: statements and verbatim parts", .tags(.small))
struct SQLScriptTests {
    @Test("semicolons inside literals, identifiers, dollar quotes and comments do not split")
    func splitting() {
        let script = SQLScript(
            """
            INSERT INTO t VALUES ('a;b', E'it\\'s;', "col;umn"); -- a comment; still a comment
            CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
            /* nested /* comment; */ still; */ SELECT $1, a$b FROM x;;
            -- only a comment;
            """)
        #expect(
            script.statementTexts == [
                "INSERT INTO t VALUES ('a;b', E'it\\'s;', \"col;umn\")",
                "-- a comment; still a comment\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
                "/* nested /* comment; */ still; */ SELECT $1, a$b FROM x",
            ])
    }

    @Test("code and verbatim pieces are told apart")
    func pieces() {
        let script = SQLScript("SELECT '@x' AS \"@y\", @z")
        #expect(
            script.statements == [
                [.code("SELECT "), .verbatim("'@x'"), .code(" AS "), .verbatim("\"@y\""), .code(", @z")]
            ])
    }

    @Test("an unterminated literal runs to the end instead of failing")
    func unterminated() {
        #expect(SQLScript("SELECT 'abc; def").statementTexts == ["SELECT 'abc; def"])
        #expect(SQLScript("SELECT $$abc; def").statementTexts == ["SELECT $$abc; def"])
    }

    @Test("timespans follow ADF's pattern")
    func timeSpans() {
        #expect(TimeSpanText.seconds("02:00:00") == 7200)
        #expect(TimeSpanText.seconds("1.00:00:30") == 86430)
        #expect(TimeSpanText.seconds("00:60:60") == 3660)
        #expect(TimeSpanText.seconds("2:00:00") == nil)
        #expect(TimeSpanText.seconds("00:61:00") == nil)
        #expect(TimeSpanText.seconds("100.00:00:00") == nil)
        #expect(TimeSpanText.seconds("abc") == nil)
    }
}
