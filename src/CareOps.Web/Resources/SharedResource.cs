namespace CareOps.Web.Resources;

/// <summary>Marker for the UI strings (SharedResource.resx is Simplified Chinese, SharedResource.en.resx English).</summary>
public sealed class SharedResource;
