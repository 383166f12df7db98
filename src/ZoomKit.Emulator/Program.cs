using ZoomKit.Emulator;

// Standalone: dotnet run --project src/ZoomKit.Emulator -- --urls http://127.0.0.1:3001
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddZoomEmulator(builder.Configuration);
var app = builder.Build();
app.UseZoomEmulator();
app.Run();

/// <summary>The standalone emulator's entry point, public for <c>WebApplicationFactory</c>.</summary>
public partial class Program;
