using ZoomKit.Cli;

var root = Commands.Build();
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Output.Error(error.Message);
    }
    Console.Error.WriteLine("Run 'zoomkit --help' for usage.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
