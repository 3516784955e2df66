namespace CareOps.Journeys.Tests;

/// <summary>
/// One language column of tools/strings.tsv, the single list of UI texts. Reading it (rather than copying
/// sentences) lets a wording change pass while a missing or wrong-language text still fails.
/// </summary>
public sealed class UiText(IReadOnlyDictionary<string, string> texts)
{
    public string this[string key] =>
        texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"'{key}' is not in tools/strings.tsv.");

    /// <summary>The text with its {0} placeholders filled, as the app's localizer does.</summary>
    public string Format(string key, params object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, this[key], args);

    public static (UiText Zh, UiText En) Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split('\t');
        var zhColumn = Array.IndexOf(header, "zh");
        var enColumn = Array.IndexOf(header, "en");
        if (header[0] != "key" || zhColumn < 0 || enColumn < 0)
        {
            throw new InvalidDataException($"{path} should start with the header key, zh, en; found: {lines[0]}");
        }

        var zh = new Dictionary<string, string>();
        var en = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split('\t');
            zh[cells[0]] = cells[zhColumn];
            en[cells[0]] = cells[enColumn];
        }

        return (new UiText(zh), new UiText(en));
    }
}
