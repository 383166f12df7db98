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

    /// <inheritdoc />
    public override string ToString() => $"ZoomUser {{ Id = {Id}, Email = {Email} }}";
}
