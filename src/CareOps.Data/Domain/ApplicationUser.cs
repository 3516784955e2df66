using Microsoft.AspNetCore.Identity;

namespace CareOps.Data.Domain;

/// <summary>A person who signs in. Belongs to one agency; the platform operator to none.</summary>
public class ApplicationUser : IdentityUser
{
    public Guid? AgencyId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>For caregivers: their caregiver record.</summary>
    public Guid? CaregiverId { get; set; }
}

public static class Roles
{
    public const string Operator = "Operator";
    public const string AgencyAdmin = "AgencyAdmin";
    public const string Dispatcher = "Dispatcher";
    public const string Caregiver = "Caregiver";
    public const string Finance = "Finance";

    public static readonly string[] All = [Operator, AgencyAdmin, Dispatcher, Caregiver, Finance];
}
