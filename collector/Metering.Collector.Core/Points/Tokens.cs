using System.Globalization;
using System.Text;

namespace Metering.Collector.Points;

/// <summary>How names from code are spelt where they are stored or exported (fields, metric labels): snake_case.</summary>
public static class Tokens
{
    /// <summary><c>CounterBackwards</c> as <c>counter_backwards</c>.</summary>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var b = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                b.Append('_');
            }

            b.Append(char.ToLower(name[i], CultureInfo.InvariantCulture));
        }

        return b.ToString();
    }
}
