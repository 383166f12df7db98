using ZoomKit.App;

var app = await ZoomKitApp.BuildAsync(args);
await app.RunAsync();
