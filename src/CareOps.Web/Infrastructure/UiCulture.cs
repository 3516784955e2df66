using System.Globalization;

namespace CareOps.Web.Infrastructure;

/// <summary>The language the page speaks: Simplified Chinese by default, English when the user chose it.</summary>
public static class UiCulture
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal);
}
