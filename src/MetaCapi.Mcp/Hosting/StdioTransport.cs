using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MetaCapi.Mcp.Protocol;
using MetaCapi.Mcp.Tools;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Hosting;

/// <summary>
/// The stdio transport: one JSON-RPC message per line on stdin and stdout. In place of the MCP SDK's stream transport,
/// which reads a line into a .NET string of any length, replaces bytes that are not UTF-8 with U+FFFD, and stops
/// answering at the end of input. Here (see <c>docs/architecture.md</c>, "The stdio transport"):
/// <list type="bullet">
/// <item>messages are read as UTF-8 bytes, at most <see cref="ProtocolLimits.MaxMessageBytes"/> each; a longer one is
/// skipped without being held and answered with an error;</item>
/// <item>each message goes through <see cref="MessageInspector"/> before the SDK reads it, so a repeated key, bad text
/// or a malformed call gets a specific answer;</item>
/// <item>reading waits while the requests in flight hold more than <see cref="ProtocolLimits.InFlightBytes"/>;</item>
/// <item>at the end of input every request already read is answered (waiting at most the drain time, the total
/// delivery timeout) before the session ends;</item>
/// <item>a failure of the reading itself is kept in <see cref="Fatal"/>, and the process exits non-zero.</item>
/// </list>
/// </summary>
internal sealed partial class StdioTransport : TransportBase
{
    /// <summary>Messages at least this large leave memory worth returning once answered.</summary>
    private const int LargeMessageBytes = 1024 * 1024;

    private static readonly JsonTypeInfo MessageInfo = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));
    private static readonly JsonTypeInfo CancelledInfo = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CancelledNotificationParams));

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly TimeSpan _drainTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MemoryRelief _memory;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<RequestId, long> _pending = new();
    private readonly ManualResetEventSlim _answered = new(false);
    private ArrayBufferWriter<byte> _writeBuffer = new(16 * 1024);
    private long _inFlightBytes;

    public StdioTransport(Stream input, Stream output, TimeSpan drainTimeout, TimeProvider time, ILoggerFactory loggerFactory)
        : base("stdio", loggerFactory)
    {
        _input = input;
        _output = output;
        _drainTimeout = drainTimeout;
        _time = time;
        _logger = loggerFactory.CreateLogger<StdioTransport>();
        _memory = new MemoryRelief(_logger);
        SetConnected();

        // Reads block in the kernel (stdin is a pipe or a file): a thread of its own, not one of the pool's.
        new Thread(ReadLoop) { IsBackground = true, Name = "stdin reader" }.Start();
    }

    /// <summary>What stopped the reading, when it was not the end of input: the process should exit non-zero.</summary>
    public Exception? Fatal { get; private set; }

    public override Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WriteAsync(message, answersPending: message is JsonRpcResponse or JsonRpcError, cancellationToken);
    }

    public override ValueTask DisposeAsync()
    {
        // The reading thread may be blocked in a read of stdin that nothing can interrupt; it is a background thread,
        // and whatever it reads from now on is dropped.
        SetDisconnected();
        _memory.Dispose();
        return default;
    }

    /// <summary>Writes one message and its line break in one write; an answer to a request read releases it.</summary>
    private async Task WriteAsync(JsonRpcMessage message, bool answersPending, CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var buffer = _writeBuffer;
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                JsonSerializer.Serialize(writer, message, MessageInfo);
            }

            buffer.Write("\n"u8);
            await _output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (buffer.Capacity > LargeMessageBytes)
            {
                _writeBuffer = new ArrayBufferWriter<byte>(16 * 1024);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SendFailed(_logger, exception.GetType().Name);
            throw new IOException("Failed to send a message on stdout.", exception);
        }
        finally
        {
            _writeLock.Release();
        }

        if (answersPending)
        {
            Answered(((JsonRpcMessageWithId)message).Id);
        }
    }

    private void ReadLoop()
    {
        try
        {
            var lines = new LineReader(_input, ProtocolLimits.MaxMessageBytes);
            while (true)
            {
                WaitForRoom();
                var line = lines.Next();
                if (line.Kind == LineKind.End)
                {
                    break;
                }

                if (line.Kind == LineKind.Oversized)
                {
                    RefuseOversized(line);
                }
                else if (!IsBlank(line.Bytes.Span))
                {
                    Receive(line.Bytes);
                }
            }

            Drain();
        }
#pragma warning disable CA1031 // Whatever stops the reading ends the session; it is kept and reported by the host as the exit.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Fatal = exception;
        }
        finally
        {
            SetDisconnected();
        }
    }

    /// <summary>Inspects one message, answers it when it cannot be processed, else hands it to the session.</summary>
    private void Receive(ReadOnlyMemory<byte> bytes)
    {
        JsonRpcMessage? message;
        Inspection inspection;
        ToolArguments? arguments = null;
        try
        {
            inspection = MessageInspector.Inspect(bytes);
            if (inspection.Refusal is { } refusal)
            {
                Refuse(inspection.Id, refusal);
                return;
            }

            if (inspection.Arguments is { } range)
            {
                // A tool call: the arguments are read once, here, from the bytes; the SDK gets the message without them.
                (message, arguments) = SplitToolCall(bytes.Span, range);
            }
            else
            {
                message = JsonSerializer.Deserialize((inspection.Repaired ?? bytes).Span, MessageInfo) as JsonRpcMessage;
            }
        }
        catch (JsonException)
        {
            var scanner = new IdScanner();
            scanner.Feed(bytes.Span);
            Refuse(scanner.Id, new JsonRpcErrorDetail
            {
                Code = (int)McpErrorCode.InvalidRequest,
                Message = "Invalid request: the message is not a JSON-RPC 2.0 request, notification or response.",
            });
            return;
        }
        catch (OutOfMemoryException)
        {
            // The memory of this message is not there; the next message may well be smaller.
            var scanner = new IdScanner();
            scanner.Feed(bytes.Span);
            Refuse(scanner.Id, new JsonRpcErrorDetail
            {
                Code = (int)McpErrorCode.InternalError,
                Message = $"The server did not have the memory to read this message of {Megabytes(bytes.Length)}; send a smaller one.",
            });
            _memory.Relieve();
            return;
        }
#pragma warning disable CA1031 // One message that cannot be read must not end the session: it is answered, the next is read.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.Unreadable(_logger, exception.GetType().Name);
            var scanner = new IdScanner();
            scanner.Feed(bytes.Span);
            Refuse(scanner.Id, new JsonRpcErrorDetail
            {
                Code = (int)McpErrorCode.InternalError,
                Message = $"Internal error: the server could not read this message ({exception.GetType().Name}). Please report it.",
            });
            return;
        }

        if (message is null)
        {
            return;
        }

        var context = message.Context ??= new JsonRpcMessageContext();
        ArgumentTextGuard.MarkInspected(context.Items ??= new Dictionary<string, object?>(), inspection.ArgumentProblems, arguments);

        switch (message)
        {
            case JsonRpcRequest request:
                var size = (long)bytes.Length;
                Interlocked.Add(ref _inFlightBytes, size);
                _pending.AddOrUpdate(request.Id, size, (_, previous) =>
                {
                    Interlocked.Add(ref _inFlightBytes, -previous);
                    return size;
                });
                break;
            case JsonRpcNotification { Method: NotificationMethods.CancelledNotification } cancelled:
                // A cancelled request is not answered: it no longer holds the drain or the budget.
                if (CancelledId(cancelled) is { } id)
                {
                    Answered(id);
                }

                break;
        }

        if (bytes.Length >= LargeMessageBytes)
        {
            _memory.LargeMessageRead();
        }

        WriteMessageAsync(message).GetAwaiter().GetResult();
    }

    /// <summary>
    /// A <c>tools/call</c> in two parts: the message with <c>"arguments": {}</c> for the SDK (which routes it to the tool),
    /// and the arguments, parsed once from their own copy of the bytes, for the tool (which gives that copy back when it
    /// has finished). Neither the SDK's tree of the message nor its conversion of that tree is made for the arguments,
    /// which are most of a large call.
    /// </summary>
    private static (JsonRpcMessage? Message, ToolArguments Arguments) SplitToolCall(ReadOnlySpan<byte> bytes, Range range)
    {
        var (start, length) = range.GetOffsetAndLength(bytes.Length);
        var rest = new byte[bytes.Length - length + 2];
        bytes[..start].CopyTo(rest);
        "{}"u8.CopyTo(rest.AsSpan(start));
        bytes[(start + length)..].CopyTo(rest.AsSpan(start + 2));
        var message = JsonSerializer.Deserialize(rest, MessageInfo) as JsonRpcMessage;
        return (message, ToolArguments.Parse(bytes.Slice(start, length)));
    }

    private void RefuseOversized(Line line)
    {
        Log.Oversized(_logger, line.Length, ProtocolLimits.MaxMessageBytes);
        Refuse(line.Scanner?.Id, new JsonRpcErrorDetail
        {
            Code = (int)McpErrorCode.InvalidRequest,
            Message = $"Invalid request: the message is {Megabytes(line.Length)} ({line.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes); " +
                      $"this server reads messages of at most 16 MiB ({ProtocolLimits.MaxMessageBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes). " +
                      "It was not read. Send fewer events per call or smaller values.",
        });
        _memory.LargeMessageRead();
    }

    /// <summary>Answers a message that is not processed with a JSON-RPC error; a message without an ID is only logged.</summary>
    private void Refuse(RequestId? id, JsonRpcErrorDetail error)
    {
        if (id is not { } requestId)
        {
            Log.Dropped(_logger, error.Code);
            return;
        }

        Log.Refused(_logger, error.Code);
        var answer = new JsonRpcError { Id = requestId, JsonRpc = "2.0", Error = error };
        WriteAsync(answer, answersPending: false, CancellationToken.None).GetAwaiter().GetResult();
    }

    private void Answered(RequestId id)
    {
        if (_pending.TryRemove(id, out var size))
        {
            Interlocked.Add(ref _inFlightBytes, -size);
            _answered.Set();
            if (_pending.IsEmpty)
            {
                _memory.Idle();
            }
        }
    }

    /// <summary>Waits while the requests in flight hold more than the budget (at most the drain time, then reads on).</summary>
    private void WaitForRoom()
    {
        var start = _time.GetTimestamp();
        while (Volatile.Read(ref _inFlightBytes) >= ProtocolLimits.InFlightBytes && _time.GetElapsedTime(start) < _drainTimeout)
        {
            _answered.Reset();
            if (Volatile.Read(ref _inFlightBytes) < ProtocolLimits.InFlightBytes)
            {
                break;
            }

            _answered.Wait(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>At the end of input: waits until every request read has been answered, at most the drain time.</summary>
    private void Drain()
    {
        var start = _time.GetTimestamp();
        while (!_pending.IsEmpty)
        {
            var left = _drainTimeout - _time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                Log.DrainTimedOut(_logger, _pending.Count, _drainTimeout.TotalSeconds);
                return;
            }

            _answered.Reset();
            if (_pending.IsEmpty)
            {
                return;
            }

            _answered.Wait(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    private static RequestId? CancelledId(JsonRpcNotification notification)
    {
        try
        {
            return notification.Params is { } parameters
                   && JsonSerializer.Deserialize(parameters, CancelledInfo) is CancelledNotificationParams cancelled
                ? cancelled.RequestId
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    private static string Megabytes(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Refused a message of {Length} bytes: more than the {Limit}-byte limit; answered with an error")]
        public static partial void Oversized(ILogger logger, long length, int limit);

        [LoggerMessage(2, LogLevel.Debug, "Answered a message that could not be processed with JSON-RPC error {Code}")]
        public static partial void Refused(ILogger logger, int code);

        [LoggerMessage(3, LogLevel.Warning, "Dropped a message without an ID that could not be processed (JSON-RPC error {Code})")]
        public static partial void Dropped(ILogger logger, int code);

        [LoggerMessage(4, LogLevel.Warning, "End of input: stopped waiting for {Count} answer(s) after {Seconds} s")]
        public static partial void DrainTimedOut(ILogger logger, int count, double seconds);

        [LoggerMessage(5, LogLevel.Warning, "Writing to stdout failed ({ExceptionType})")]
        public static partial void SendFailed(ILogger logger, string exceptionType);

        [LoggerMessage(6, LogLevel.Error, "A message could not be read ({ExceptionType}); answered with an internal error")]
        public static partial void Unreadable(ILogger logger, string exceptionType);
    }
}
