using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ZoomKit.Emulator.Internal;
using ZoomKit.Emulator.Pages;

namespace ZoomKit.Emulator.OAuth;

// The authorization pages: sign-in, consent, and the code they end with.
internal static partial class OAuthEndpoints
{
    private static IResult Authorize(HttpContext context, EmulatorState state, EmulatorClock clock, IOptionsMonitor<EmulatorOptions> options)
    {
        var query = context.Request.Query;
        string clientId = query["client_id"].ToString(), redirectUri = query["redirect_uri"].ToString();
        EmulatorApp? app;
        lock (state.Gate)
        {
            app = state.Apps.GetValueOrDefault(clientId);
        }
        // Errors about the client or the redirect URI are shown, never redirected (RFC 6749 §4.1.2.1).
        if (app is null)
        {
            return Html.Error("Invalid client_id", $"No app has the client id '{clientId}'.");
        }
        if (!RedirectAllowed(app, redirectUri))
        {
            return Html.Error("Invalid redirect URL", "The redirect_uri is not on this app's allow list: it must match one exactly.");
        }
        var stateParameter = query["state"].FirstOrDefault();
        if (query["response_type"] != "code")
        {
            return Results.Redirect(WithQuery(redirectUri, ("error", "unsupported_response_type"), ("state", stateParameter)));
        }
        var method = query["code_challenge_method"].FirstOrDefault();
        var challenge = query["code_challenge"].FirstOrDefault();
        if (challenge is not null)
        {
            // Zoom's default PKCE method is plain.
            method ??= "plain";
            if (method is not ("S256" or "plain"))
            {
                return Results.Redirect(WithQuery(redirectUri, ("error", "invalid_request"), ("state", stateParameter)));
            }
        }
        var pending = new PendingAuthorization(Ids.Token("req_"), app, redirectUri, stateParameter, challenge, method, clock.UtcNow + PageLifetime);
        if (options.CurrentValue.AutoApprove)
        {
            lock (state.Gate)
            {
                pending.UserId = state.UsersById.Values.First().Id;
            }
            return Results.Redirect(IssueCode(state, clock, pending));
        }
        lock (state.Gate)
        {
            state.Purge(clock.UtcNow);
            state.Pending[pending.Id] = pending;
        }
        return Html.SignIn(pending.Id, app.Name, null, null);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, EmulatorState state, EmulatorClock clock)
    {
        var form = await context.Request.ReadFormAsync();
        var pending = Find(state, clock, form["request"].ToString());
        if (pending is null)
        {
            return Html.Error("Sign-in expired", "This sign-in page has expired. Go back to the app and connect again.");
        }
        var email = form["email"].ToString();
        var user = SignIn(state, email, form["password"].ToString());
        if (user is null)
        {
            return Html.SignIn(pending.Id, pending.App.Name, email, "The email or password is wrong.");
        }
        lock (state.Gate)
        {
            pending.UserId = user.Id;
        }
        return Html.Consent(pending.Id, pending.App, user);
    }

    private static async Task<IResult> ConsentAsync(HttpContext context, EmulatorState state, EmulatorClock clock)
    {
        var form = await context.Request.ReadFormAsync();
        var pending = Find(state, clock, form["request"].ToString());
        if (pending?.UserId is null)
        {
            return Html.Error("Authorization expired", "This page has expired. Go back to the app and connect again.");
        }
        lock (state.Gate)
        {
            state.Pending.Remove(pending.Id);
        }
        if (form["decision"] != "allow")
        {
            return Results.Redirect(WithQuery(pending.RedirectUri, ("error", "access_denied"), ("state", pending.State)));
        }
        return Results.Redirect(IssueCode(state, clock, pending));
    }

    /// <summary>The user with this email and password, or null; the password is compared in constant time.</summary>
    private static EmulatorUser? SignIn(EmulatorState state, string email, string password)
    {
        EmulatorUser? user;
        lock (state.Gate)
        {
            user = state.UsersByEmail.GetValueOrDefault(email);
        }
        return user is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(user.Password)) ? user : null;
    }

    private static PendingAuthorization? Find(EmulatorState state, EmulatorClock clock, string id)
    {
        lock (state.Gate)
        {
            return state.Pending.TryGetValue(id, out var pending) && pending.ExpiresAt > clock.UtcNow ? pending : null;
        }
    }

    private static string IssueCode(EmulatorState state, EmulatorClock clock, PendingAuthorization pending)
    {
        var code = Ids.Token("code_");
        lock (state.Gate)
        {
            state.Purge(clock.UtcNow);
            state.Codes[code] = new AuthorizationCode(pending.App.ClientId, pending.UserId!, pending.RedirectUri,
                pending.CodeChallenge, pending.CodeChallengeMethod, clock.UtcNow + CodeLifetime);
        }
        return WithQuery(pending.RedirectUri, ("code", code), ("state", pending.State));
    }
}
