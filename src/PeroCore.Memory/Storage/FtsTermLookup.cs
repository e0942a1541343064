using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// Turns query terms into the tokens the full-text index stores (lower-cased, diacritics folded, Porter-stemmed:
/// "coffee" is stored as "coffe", "hiking" as "hike"), by running them through SQLite's own tokenizer in a private
/// in-memory FTS5 table with the same settings as <c>memory_fts</c>. Document-frequency lookups in
/// <c>memory_fts_vocab</c> need these forms; the raw words are not in it. Thread-safe.
/// </summary>
internal sealed class FtsTermLookup : IDisposable
{
    /// <summary>The tokenizer of <c>memory_fts</c> (schema version 2).</summary>
    public const string Tokenizer = "porter unicode61 remove_diacritics 2";

    private readonly object _gate = new();
    private readonly SqliteConnection _connection;

    public FtsTermLookup()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        using var setup = _connection.CreateCommand();
        setup.CommandText = $"""
            CREATE VIRTUAL TABLE t USING fts5(x, tokenize = '{Tokenizer}');
            CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');
            """;
        setup.ExecuteNonQuery();
    }

    /// <summary>The stored tokens of each term, in term order (a term the tokenizer drops has none).</summary>
    public IReadOnlyList<string>[] Tokens(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var result = new List<string>[terms.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = [];
        }

        if (terms.Count == 0)
        {
            return result;
        }

        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using (var insert = _connection.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO t (rowid, x) VALUES ($id, $x)";
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var x = insert.Parameters.Add("$x", SqliteType.Text);
                for (var i = 0; i < terms.Count; i++)
                {
                    id.Value = i;
                    x.Value = terms[i];
                    insert.ExecuteNonQuery();
                }
            }

            using (var read = _connection.CreateCommand())
            {
                read.Transaction = tx;
                read.CommandText = "SELECT doc, term FROM v ORDER BY doc, offset";
                using var reader = read.ExecuteReader();
                int doc = reader.GetOrdinal("doc"), term = reader.GetOrdinal("term");
                while (reader.Read())
                {
                    result[reader.GetInt32(doc)].Add(reader.GetString(term));
                }
            }

            // Nothing is kept: the table is emptied before the next caller.
            tx.Rollback();
        }

        return result;
    }

    public void Dispose() => _connection.Dispose();
}
