using System.ComponentModel;
using System.Globalization;

namespace PeroCore.Server.Configuration;

/// <summary>
/// A list setting written either as one value separated by commas or semicolons (<c>--Server:AllowedOrigins=a,b</c>,
/// an environment variable) or as a JSON array in appsettings.json. The binder uses the converter for the first form
/// and binds the children for the second; blank items are dropped.
/// </summary>
[TypeConverter(typeof(Converter))]
internal sealed class SettingList : List<string>
{
    /// <summary>An empty list.</summary>
    public SettingList()
    {
    }

    /// <summary>The items of <paramref name="text"/>, split at commas and semicolons.</summary>
    public SettingList(string text) => AddRange(Split(text));

    /// <summary>Every item, an item of the array form split too (so <c>["a,b"]</c> is two items).</summary>
    public IEnumerable<string> Items => this.SelectMany(Split);

    private static string[] Split(string text) => text.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private sealed class Converter : TypeConverter
    {
        public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

        public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
            value is string text ? new SettingList(text) : base.ConvertFrom(context, culture, value);
    }
}
