namespace ZoomKit.Users;

/// <summary>A Zoom user, as <c>GET /users/me</c> returns it.</summary>
public sealed class ZoomUser
{
    /// <summary>The user id.</summary>
    public string Id { get; set; } = "";
    /// <summary>First name.</summary>
    public string? FirstName { get; set; }
    /// <summary>Last name.</summary>
    public string? LastName { get; set; }
    /// <summary>Display name.</summary>
    public string? DisplayName { get; set; }
    /// <summary>Email.</summary>
    public string? Email { get; set; }
    /// <summary>1 basic, 2 licensed, 4 unassigned, 99 none.</summary>
    public int? Type { get; set; }
    /// <summary>The personal meeting ID.</summary>
    public long? Pmi { get; set; }
    /// <summary>The user's IANA time zone.</summary>
    public string? Timezone { get; set; }
    /// <summary>The account id.</summary>
    public string? AccountId { get; set; }
    /// <summary>The language, such as <c>en-US</c>.</summary>
    public string? Language { get; set; }
    /// <summary><c>active</c>, <c>inactive</c> or <c>pending</c>.</summary>
    public string? Status { get; set; }
    /// <summary>The role's name.</summary>
    public string? RoleName { get; set; }
    /// <summary>The picture's URL.</summary>
    public string? PicUrl { get; set; }
    /// <summary>When the user was created.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>The account number.</summary>
    public long? AccountNumber { get; set; }
    /// <summary>The cluster the user is served from.</summary>
    public string? Cluster { get; set; }
    /// <summary>The CMS id (Kaltura integration only).</summary>
    public string? CmsUserId { get; set; }
    /// <summary>The company.</summary>
    public string? Company { get; set; }
    /// <summary>The cost center.</summary>
    public string? CostCenter { get; set; }
    /// <summary>Custom attributes assigned to the user.</summary>
    public IList<ZoomUserCustomAttributeValue>? CustomAttributes { get; set; }
    /// <summary>The department.</summary>
    public string? Dept { get; set; }
    /// <summary>The divisions the user belongs to.</summary>
    public IList<string>? DivisionIds { get; set; }
    /// <summary>The employee's unique id (SAML accounts).</summary>
    public string? EmployeeUniqueId { get; set; }
    /// <summary>The web groups the user belongs to.</summary>
    public IList<string>? GroupIds { get; set; }
    /// <summary>The IM groups the user belongs to.</summary>
    public IList<string>? ImGroupIds { get; set; }
    /// <summary>The user's chat id.</summary>
    public string? Jid { get; set; }
    /// <summary>The job title.</summary>
    public string? JobTitle { get; set; }
    /// <summary>The last client version the user signed in with.</summary>
    public string? LastClientVersion { get; set; }
    /// <summary>When the user last signed in.</summary>
    public DateTimeOffset? LastLoginTime { get; set; }
    /// <summary>The license subscriptions.</summary>
    public IList<ZoomUserLicense>? LicenseInfoList { get; set; }
    /// <summary>The location.</summary>
    public string? Location { get; set; }
    /// <summary>The sign-in methods (Zoom's numbers: 100 work email, 101 SSO, …).</summary>
    public IList<int>? LoginTypes { get; set; }
    /// <summary>The manager's email.</summary>
    public string? Manager { get; set; }
    /// <summary>The personal meeting room's link.</summary>
    public string? PersonalMeetingUrl { get; set; }
    /// <summary>The phone numbers.</summary>
    public IList<ZoomUserPhoneNumber>? PhoneNumbers { get; set; }
    /// <summary>The Zoom United plan, when enrolled.</summary>
    public string? PlanUnitedType { get; set; }
    /// <summary>The pronouns.</summary>
    public string? Pronouns { get; set; }
    /// <summary>When pronouns are shown: 1 ask, 2 always, 3 never.</summary>
    public int? PronounsOption { get; set; }
    /// <summary>The role's id.</summary>
    public string? RoleId { get; set; }
    /// <summary>Whether instant meetings use the personal meeting ID.</summary>
    public bool? UsePmi { get; set; }
    /// <summary>When the user was created.</summary>
    public DateTimeOffset? UserCreatedAt { get; set; }
    /// <summary>The personal meeting room's vanity link.</summary>
    public string? VanityUrl { get; set; }
    /// <summary>1 when the account is verified, 0 when not.</summary>
    public int? Verified { get; set; }
    /// <summary>The Zoom Workplace plan option.</summary>
    public int? ZoomOneType { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"ZoomUser {{ Id = {Id}, Email = {Email} }}";
}

/// <summary>A custom attribute of a user.</summary>
public sealed class ZoomUserCustomAttributeValue
{
    /// <summary>The attribute's key.</summary>
    public string? Key { get; set; }
    /// <summary>The attribute's name.</summary>
    public string? Name { get; set; }
    /// <summary>The value.</summary>
    public string? Value { get; set; }
}

/// <summary>A phone number of a user.</summary>
public sealed class ZoomUserPhoneNumber
{
    /// <summary>The country calling code, such as <c>+1</c>.</summary>
    public string? Code { get; set; }
    /// <summary>The country, as a two-letter code.</summary>
    public string? Country { get; set; }
    /// <summary><c>Mobile</c>, <c>Office</c>, <c>Home</c> or <c>Fax</c>.</summary>
    public string? Label { get; set; }
    /// <summary>The number.</summary>
    public string? Number { get; set; }
    /// <summary>Whether the number is verified.</summary>
    public bool? Verified { get; set; }
}

/// <summary>One license subscription of a user.</summary>
public sealed class ZoomUserLicense
{
    /// <summary>The license type, such as <c>MEETING</c>.</summary>
    public string? LicenseType { get; set; }
    /// <summary>The license option (Zoom's numbers exceed 2^53, so they are kept as 64-bit integers).</summary>
    public long? LicenseOption { get; set; }
    /// <summary>The subscription's id.</summary>
    public string? SubscriptionId { get; set; }
}
