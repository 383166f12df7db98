using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ZoomKit.Tokens;

namespace ZoomKit.DependencyInjection;

/// <summary>Returned by <c>AddZoomKit</c> to configure ZoomKit further.</summary>
public sealed class ZoomKitBuilder
{
    internal ZoomKitBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection ZoomKit registers into.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Uses <typeparamref name="TStore"/> as the token store, replacing the in-memory default.</summary>
    public ZoomKitBuilder UseTokenStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, ITokenStore
    {
        Services.Replace(ServiceDescriptor.Singleton<ITokenStore, TStore>());
        return this;
    }

    /// <summary>Uses the store a factory makes, replacing the in-memory default.</summary>
    public ZoomKitBuilder UseTokenStore(Func<IServiceProvider, ITokenStore> factory)
    {
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }
}
