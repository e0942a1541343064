using System.Globalization;
using System.Text;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.History;

/// <summary>Raw <c>SELECT *</c> dumps of the tables a revert or an undo must put back byte for byte (blobs in hex).</summary>
internal static class StoreDump
{
    public static readonly string[] Tables = ["memory", "memory_relation", "memory_fts", "memory_link_pending", "tag", "conversation_log"];

    public static async Task<string> TakeAsync(PeroStore store)
    {
        var text = new StringBuilder();
        foreach (var table in Tables)
        {
            var select = table == "memory_fts" ? "SELECT rowid, content, tags FROM memory_fts ORDER BY rowid" : $"SELECT * FROM {table} ORDER BY 1";
            var rows = await store.Database.ReadAsync((c, ct) => c.QueryAsync(null, select, r =>
            {
                var cells = new string[r.FieldCount];
                for (var i = 0; i < r.FieldCount; i++)
                {
                    cells[i] = r.GetName(i) + "=" + (r.IsDBNull(i) ? "NULL" : r.GetValue(i) switch
                    {
                        byte[] b => "x'" + Convert.ToHexString(b) + "'",
                        double d => d.ToString("R", CultureInfo.InvariantCulture) + "r",
                        var v => Convert.ToString(v, CultureInfo.InvariantCulture) + "(" + r.GetDataTypeName(i) + ")",
                    });
                }

                return string.Join(" | ", cells);
            }, ct));
            text.Append("== ").Append(table).Append('\n');
            foreach (var row in rows)
            {
                text.Append(row).Append('\n');
            }
        }

        return text.ToString();
    }

    public static Task<long> CountAsync(PeroStore store, string sql, params (string, object?)[] args) =>
        store.Database.ReadAsync((c, ct) => c.ScalarAsync<long>(null, sql, ct, args));
}
