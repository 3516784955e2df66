using CareOps.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// Gives MudBlazor's built-in texts (pager, grid) our translations: MudBlazor ships English only, which
/// left "Rows per page" on Chinese pages. Keys are MudBlazor's, prefixed "Mud." in strings.tsv.
/// </summary>
public sealed class CareOpsMudLocalizer(IStringLocalizer<SharedResource> text) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var translated = text["Mud." + key];

            // Not translated by us: let MudBlazor fall back to its own text.
            return translated.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, translated.Value);
        }
    }
}
