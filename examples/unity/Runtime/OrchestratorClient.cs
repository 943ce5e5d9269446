using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GameOrchestrator
{
    /// <summary>
    /// A game server's connection to the orchestrator, in plain C# (no UnityEngine), on
    /// <see cref="ClientWebSocket"/>. It says <c>hello</c>, heartbeats at the interval the host
    /// asks for, hands jobs and commands to game code, reports results, and reconnects with a
    /// growing delay (base x attempt, capped) whenever the connection drops. A job the host
    /// still leases to this server after a reconnect is raised again with
    /// <see cref="OrchestratorJob.Resumed"/> set; a result the host never acknowledged is sent
    /// again after a reconnect. A <c>reconnect</c> command (a host draining for an upgrade)
    /// closes the connection without <c>disconnect</c>, so the job stays leased, and connects
    /// at once to the command's <c>url</c>, or to <see cref="EndpointUri"/> without one.
    ///
    /// Events run through <see cref="Dispatcher"/>: by default on the socket's thread; Unity's
    /// wrapper queues them onto the main thread. The Send methods and
    /// <see cref="Disconnect"/> may be called from any thread.
    /// </summary>
    public sealed class OrchestratorClient : IDisposable
    {
        private const int CloseReplaced = 4000;
        private const string Reconnect = "reconnect";
        private const int MaxFrameBytes = 1024 * 1024;
        private const int ResendsPerResult = 2;

        private readonly OrchestratorClientOptions options;
        private readonly object gate = new object();
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        // Results stay here until acknowledged, so a reconnect can send them again.
        private readonly List<PendingResult> pendingResults = new List<PendingResult>();
        private ClientWebSocket socket;
        private bool welcomed;
        private volatile bool leaving;
        private Task sendChain = Task.FromResult(true);
        // Where to connect next, at once, after a reconnect command; null otherwise.
        private Uri reconnectTo;
        private Task loop;

        /// <summary>Creates a client; nothing connects until <see cref="Start"/>.</summary>
        /// <exception cref="ArgumentException">if the host URL is missing or not ws/wss</exception>
        public OrchestratorClient(OrchestratorClientOptions options)
        {
            if (options == null || string.IsNullOrEmpty(options.HostUrl))
            {
                throw new ArgumentException("options.HostUrl is required, e.g. ws://127.0.0.1:8765");
            }
            this.options = options;
            Uri host;
            if (!Uri.TryCreate(options.HostUrl, UriKind.Absolute, out host)
                || (host.Scheme != "ws" && host.Scheme != "wss"))
            {
                throw new ArgumentException("options.HostUrl must be a ws:// or wss:// URL, got " + options.HostUrl);
            }
            ServerIp = LocalAddressFor(host);
            const string marker = "/ws/server/";
            int at = host.AbsolutePath.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                ServerId = host.AbsolutePath.Substring(at + marker.Length).Trim('/');
                EndpointUri = host;
            }
            else
            {
                ServerId = string.IsNullOrEmpty(options.ServerId) ? ServerIdFor(ServerIp) : options.ServerId;
                EndpointUri = new Uri(options.HostUrl.TrimEnd('/') + marker + ServerId + "/");
            }
        }

        /// <summary>Runs event handlers; default: at once, on the calling thread. Unity's wrapper
        /// sets one that queues onto the main thread.</summary>
        public Action<Action> Dispatcher { get; set; }

        /// <summary>Supplies the heartbeat's figures; called on a background thread, so in Unity
        /// return values cached on the main thread. Null sends empty heartbeats.</summary>
        public Func<ResourceUsage> ResourceSampler { get; set; }

        /// <summary>Receives diagnostic lines; called on background threads. Null is silent.</summary>
        public Action<string> Log { get; set; }

        /// <summary>The host welcomed a new connection.</summary>
        public event Action<OrchestratorWelcome> Connected;

        /// <summary>The connection closed (the argument says why); a reconnect follows unless
        /// <see cref="Disconnect"/> was called or another connection replaced this one.</summary>
        public event Action<string> Disconnected;

        /// <summary>A job to run: new, or resumed after a reconnect.</summary>
        public event Action<OrchestratorJob> JobAssigned;

        /// <summary>An operator's command.</summary>
        public event Action<OrchestratorCommand> CommandReceived;

        /// <summary>The host refused a frame this client sent.</summary>
        public event Action<OrchestratorProtocolError> ProtocolErrorReceived;

        /// <summary>The host applied a reported result.</summary>
        public event Action<OrchestratorAck> ResultAcknowledged;

        /// <summary>The id this client connects as.</summary>
        public string ServerId { get; private set; }

        /// <summary>The address reported in <c>hello</c>: the local address that reaches the
        /// host.</summary>
        public string ServerIp { get; private set; }

        /// <summary>The full WebSocket URL.</summary>
        public Uri EndpointUri { get; private set; }

        /// <summary>Whether a connection is open and welcomed.</summary>
        public bool IsConnected
        {
            get { lock (gate) { return welcomed; } }
        }

        /// <summary>The reference client's id: <c>unity_</c> and the address with dots (and any
        /// character the contract does not allow) as underscores.</summary>
        public static string ServerIdFor(string ip)
        {
            var id = new StringBuilder("unity_");
            foreach (char c in ip)
            {
                bool allowed = char.IsLetterOrDigit(c) && c < 128 || c == '_' || c == '-' || c == ':';
                id.Append(allowed ? c : '_');
            }
            return id.ToString();
        }

        /// <summary>Starts connecting in the background; returns at once. Call once.</summary>
        public void Start()
        {
            lock (gate)
            {
                if (loop != null)
                {
                    throw new InvalidOperationException("the client is already started");
                }
                loop = Task.Run(() => RunAsync(stopping.Token));
            }
        }

        /// <summary>Reports a finished round. <paramref name="nextRoundTime"/> is when the map's
        /// next round is due, or null when the map has no further round. If the connection is
        /// down, the result is sent once it is back.</summary>
        public void SendJobDone(string mapId, string jobId, DateTime? nextRoundTime)
        {
            var frame = Frame("job_done");
            frame["map_id"] = mapId;
            frame["job_id"] = jobId;
            frame["next_round_time"] = nextRoundTime.HasValue
                ? nextRoundTime.Value.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture)
                : null;
            SendResult(mapId, jobId, frame);
        }

        /// <summary>Reports a failed round; <paramref name="retryable"/> false sends the map
        /// straight to the operator instead of retrying it.</summary>
        public void SendJobFailed(string mapId, string jobId, string message, bool retryable)
        {
            var frame = Frame("job_failed");
            frame["map_id"] = mapId;
            frame["job_id"] = jobId;
            frame["message"] = message ?? "";
            frame["retryable"] = retryable;
            SendResult(mapId, jobId, frame);
        }

        /// <summary>Reports progress (0 to 100), which also extends the job's deadline. Dropped
        /// while disconnected.</summary>
        public void SendProgress(string mapId, string jobId, double percent)
        {
            var frame = Frame("progress");
            frame["map_id"] = mapId;
            frame["job_id"] = jobId;
            frame["percent"] = Math.Max(0, Math.Min(100, percent));
            SendIfConnected(frame);
        }

        /// <summary>Tells the host this server is leaving (its job, if any, is re-queued at once),
        /// closes the connection and stops reconnecting. Completes within a few seconds even if
        /// the host does not answer.</summary>
        public async Task Disconnect(string reason)
        {
            leaving = true;
            Task goodbye = null;
            lock (gate)
            {
                if (socket != null && welcomed)
                {
                    var frame = Frame("disconnect");
                    frame["reason"] = reason ?? "";
                    var ws = socket;
                    Task said = EnqueueText(ws, OrchestratorJson.Serialize(frame));
                    // The host may close first once it has read the disconnect; then there is
                    // no close of ours left to send.
                    goodbye = Task.WhenAll(said, Enqueue(() => ws.State == WebSocketState.Open
                        ? ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason ?? "", CancellationToken.None)
                        : Task.FromResult(true)));
                }
            }
            if (goodbye != null)
            {
                await goodbye.ConfigureAwait(false);
            }
            else
            {
                // Not connected: nobody to tell, so just end a pending connect or backoff wait.
                stopping.Cancel();
            }
            Task running;
            lock (gate)
            {
                running = loop;
            }
            if (running == null)
            {
                return;
            }
            // The receive loop ends when the host answers the close; past the wait, abort.
            if (await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(3))).ConfigureAwait(false) != running)
            {
                Dispose();
                await running.ConfigureAwait(false);
            }
        }

        /// <summary>Stops at once, without saying goodbye; the host keeps the job for its
        /// reconnect grace.</summary>
        public void Dispose()
        {
            stopping.Cancel();
            lock (gate)
            {
                if (socket != null)
                {
                    socket.Abort();
                }
            }
        }

        private async Task RunAsync(CancellationToken stop)
        {
            int failures = 0;
            Uri target = EndpointUri;
            while (!stop.IsCancellationRequested)
            {
                int? closeCode = await ConnectAndServeAsync(target, stop, () => failures = 0).ConfigureAwait(false);
                if (stop.IsCancellationRequested || leaving)
                {
                    break;
                }
                lock (gate)
                {
                    target = reconnectTo ?? EndpointUri;
                    if (reconnectTo != null)
                    {
                        reconnectTo = null;
                        Write("reconnecting at once to " + target + " as the host asked");
                        continue;
                    }
                }
                if (closeCode == CloseReplaced)
                {
                    Write("another connection took over " + ServerId + "; not reconnecting");
                    break;
                }
                failures++;
                long millis = Math.Min(
                    (long)options.ReconnectBaseDelay.TotalMilliseconds * failures,
                    (long)options.MaxReconnectDelay.TotalMilliseconds);
                Write("reconnecting in " + millis + " ms (attempt " + failures + ")");
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(millis), stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            Write("stopped");
        }

        /// <summary>One connection from connect to close; returns the close code, or null when
        /// it never opened or broke without one.</summary>
        private async Task<int?> ConnectAndServeAsync(Uri target, CancellationToken stop, Action onWelcome)
        {
            var ws = new ClientWebSocket();
            if (!string.IsNullOrEmpty(options.Token))
            {
                ws.Options.SetRequestHeader("Authorization", "Bearer " + options.Token);
            }
            var connection = CancellationTokenSource.CreateLinkedTokenSource(stop);
            string reason = "connection lost";
            try
            {
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    timeout.CancelAfter(options.ConnectTimeout);
                    await ws.ConnectAsync(target, timeout.Token).ConfigureAwait(false);
                }
                lock (gate)
                {
                    socket = ws;
                    sendChain = Task.FromResult(true);
                }
                Write("connected to " + target);
                await EnqueueText(ws, Hello()).ConfigureAwait(false);
                int? code = await ReceiveAsync(ws, connection, onWelcome).ConfigureAwait(false);
                reason = code.HasValue
                    ? "closed by host: " + code + " " + ws.CloseStatusDescription
                    : reason;
                return code;
            }
            catch (Exception e)
            {
                if (!stop.IsCancellationRequested)
                {
                    reason = "cannot connect: " + Innermost(e).Message;
                }
                return null;
            }
            finally
            {
                connection.Cancel();
                connection.Dispose();
                bool wasWelcomed;
                lock (gate)
                {
                    wasWelcomed = welcomed;
                    welcomed = false;
                    socket = null;
                }
                ws.Dispose();
                Write(reason);
                if (wasWelcomed)
                {
                    Raise(Disconnected, reason);
                }
            }
        }

        private async Task<int?> ReceiveAsync(ClientWebSocket ws, CancellationTokenSource connection, Action onWelcome)
        {
            var buffer = new byte[16 * 1024];
            var message = new MemoryStream();
            // CloseSent too: after Disconnect the host's answering close frame is still to come.
            while (ws.State == WebSocketState.Open || ws.State == WebSocketState.CloseSent)
            {
                WebSocketReceiveResult result =
                    await ws.ReceiveAsync(new ArraySegment<byte>(buffer), connection.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (ws.State == WebSocketState.CloseReceived)
                    {
                        await Enqueue(() => ws.CloseOutputAsync(
                            WebSocketCloseStatus.NormalClosure, "", CancellationToken.None)).ConfigureAwait(false);
                    }
                    return result.CloseStatus.HasValue ? (int?)(int)result.CloseStatus.Value : null;
                }
                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxFrameBytes)
                {
                    Write("the host sent a frame over " + MaxFrameBytes + " bytes; dropping the connection");
                    ws.Abort();
                    return null;
                }
                if (!result.EndOfMessage)
                {
                    continue;
                }
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    Handle(ws, Encoding.UTF8.GetString(message.ToArray()), connection.Token, onWelcome);
                }
                message.SetLength(0);
            }
            return null;
        }

        private void Handle(ClientWebSocket ws, string text, CancellationToken connection, Action onWelcome)
        {
            IDictionary<string, object> body;
            try
            {
                body = OrchestratorJson.Parse(text) as IDictionary<string, object>;
            }
            catch (FormatException e)
            {
                Write("ignored a frame that is not JSON: " + e.Message);
                return;
            }
            if (body == null)
            {
                Write("ignored a frame that is not a JSON object");
                return;
            }
            switch (Fields.Text(body, "type"))
            {
                case "welcome":
                    OnWelcome(ws, new OrchestratorWelcome(body), connection);
                    onWelcome();
                    break;
                case "assign_job":
                    Raise(JobAssigned, new OrchestratorJob(body, false));
                    break;
                case "command":
                    var command = new OrchestratorCommand(body);
                    Raise(CommandReceived, command);
                    if (command.Action == Reconnect)
                    {
                        ReconnectElsewhere(ws, Fields.Object(body, "params"));
                    }
                    break;
                case "ack":
                    OnAck(new OrchestratorAck(body));
                    break;
                case "protocol_error":
                    var error = new OrchestratorProtocolError(body);
                    Write("host refused a frame: " + error);
                    Raise(ProtocolErrorReceived, error);
                    break;
                default:
                    Write("ignored a frame of type " + Fields.Text(body, "type"));
                    break;
            }
        }

        private void OnWelcome(ClientWebSocket ws, OrchestratorWelcome welcome, CancellationToken connection)
        {
            bool resultPending;
            lock (gate)
            {
                welcomed = true;
                string current = welcome.CurrentJob == null ? null : welcome.CurrentJob.JobId;
                resultPending = pendingResults.Any(p => p.JobId != null && p.JobId == current);
                ResendPendingResults(ws);
            }
            Write("welcome: session " + welcome.SessionId + ", heartbeat every "
                  + welcome.HeartbeatInterval.TotalSeconds + " s");
            Task.Run(() => HeartbeatAsync(ws, welcome.HeartbeatInterval, connection));
            Raise(Connected, welcome);
            // The host still leases this job to us. If our result for it is on its way again,
            // the job is finished; otherwise game code picks it up again.
            if (welcome.CurrentJob != null && !resultPending)
            {
                Raise(JobAssigned, welcome.CurrentJob);
            }
        }

        /// <summary>Leaves without <c>disconnect</c>, so the host keeps the job for its reconnect
        /// grace; the run loop then connects at once to the command's URL or, without a usable
        /// one, to <see cref="EndpointUri"/> (normally a load balancer).</summary>
        private void ReconnectElsewhere(ClientWebSocket ws, IDictionary<string, object> parameters)
        {
            string url = parameters == null ? null : Fields.Text(parameters, "url");
            Uri target = EndpointUri;
            Uri given;
            if (url != null && Uri.TryCreate(url, UriKind.Absolute, out given)
                && (given.Scheme == "ws" || given.Scheme == "wss"))
            {
                target = new Uri(given.GetLeftPart(UriPartial.Authority) + "/ws/server/" + ServerId + "/");
            }
            lock (gate)
            {
                reconnectTo = target;
            }
            Enqueue(() => ws.State == WebSocketState.Open
                ? ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, Reconnect, CancellationToken.None)
                : Task.FromResult(true));
        }

        private void ResendPendingResults(ClientWebSocket ws)
        {
            pendingResults.RemoveAll(p =>
            {
                if (p.Sends >= ResendsPerResult)
                {
                    Write("giving up on the result for job " + p.JobId
                          + "; the host hands the job back if it still needs it");
                    return true;
                }
                return false;
            });
            foreach (var pending in pendingResults)
            {
                pending.Sends++;
                EnqueueText(ws, pending.Frame);
            }
        }

        private void OnAck(OrchestratorAck ack)
        {
            lock (gate)
            {
                pendingResults.RemoveAll(p => ack.JobId != null ? p.JobId == ack.JobId : p.MapId == ack.MapId);
            }
            Raise(ResultAcknowledged, ack);
        }

        private async Task HeartbeatAsync(ClientWebSocket ws, TimeSpan interval, CancellationToken connection)
        {
            while (!connection.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, connection).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                await EnqueueText(ws, Heartbeat()).ConfigureAwait(false);
            }
        }

        private void SendResult(string mapId, string jobId, Dictionary<string, object> frame)
        {
            var pending = new PendingResult(mapId, jobId, OrchestratorJson.Serialize(frame));
            lock (gate)
            {
                pendingResults.RemoveAll(p => p.JobId == jobId && p.MapId == mapId);
                pendingResults.Add(pending);
                if (socket != null && welcomed)
                {
                    pending.Sends++;
                    EnqueueText(socket, pending.Frame);
                }
            }
        }

        private void SendIfConnected(Dictionary<string, object> frame)
        {
            lock (gate)
            {
                if (socket != null && welcomed)
                {
                    EnqueueText(socket, OrchestratorJson.Serialize(frame));
                }
            }
        }

        private Task EnqueueText(ClientWebSocket ws, string frame)
        {
            var bytes = Encoding.UTF8.GetBytes(frame);
            return Enqueue(() => ws.State == WebSocketState.Open
                ? ws.SendAsync(new ArraySegment<byte>(bytes), WebSocketMessageType.Text, true, CancellationToken.None)
                : Task.FromResult(true));
        }

        /// <summary>Runs sends one after another: a ClientWebSocket allows one send at a time,
        /// and the host must see frames in the order they were made.</summary>
        private Task Enqueue(Func<Task> send)
        {
            lock (gate)
            {
                sendChain = sendChain
                    .ContinueWith(_ => SendNowAsync(send), TaskScheduler.Default)
                    .Unwrap();
                return sendChain;
            }
        }

        private async Task SendNowAsync(Func<Task> send)
        {
            try
            {
                await send().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The receive loop sees the broken connection and reconnects; results are resent.
                // While leaving, the host closing first is the expected end, not a failure.
                if (!leaving)
                {
                    Write("send failed: " + Innermost(e).Message);
                }
            }
        }

        private string Hello()
        {
            var frame = Frame("hello");
            frame["server_ip"] = ServerIp;
            frame["capacity"] = options.Capacity;
            frame["labels"] = options.Labels ?? new Dictionary<string, string>();
            frame["version"] = options.Version;
            return OrchestratorJson.Serialize(frame);
        }

        private string Heartbeat()
        {
            var frame = Frame("heartbeat");
            ResourceUsage usage = null;
            var sampler = ResourceSampler;
            if (sampler != null)
            {
                try
                {
                    usage = sampler();
                }
                catch (Exception e)
                {
                    Write("resource sampler failed: " + e.Message);
                }
            }
            if (usage != null)
            {
                AddPercent(frame, "cpu_usage", usage.Cpu);
                AddPercent(frame, "ram_usage", usage.Ram);
                AddPercent(frame, "disk_usage", usage.Disk);
            }
            return OrchestratorJson.Serialize(frame);
        }

        private static void AddPercent(Dictionary<string, object> frame, string name, double? value)
        {
            if (value.HasValue && !double.IsNaN(value.Value))
            {
                frame[name] = Math.Max(0, Math.Min(100, value.Value));
            }
        }

        private static Dictionary<string, object> Frame(string type)
        {
            return new Dictionary<string, object> { { "type", type } };
        }

        private void Raise<T>(Action<T> handler, T argument)
        {
            if (handler == null)
            {
                return;
            }
            Action call = () =>
            {
                try
                {
                    handler(argument);
                }
                catch (Exception e)
                {
                    Write("event handler failed: " + e);
                }
            };
            var dispatcher = Dispatcher;
            if (dispatcher == null)
            {
                call();
            }
            else
            {
                dispatcher(call);
            }
        }

        private void Write(string line)
        {
            var log = Log;
            if (log != null)
            {
                log(line);
            }
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }
            return e;
        }

        /// <summary>The local address the host is reached from: a UDP "connect" picks the route
        /// without sending anything. Falls back to the first up, non-loopback IPv4 address.</summary>
        private static string LocalAddressFor(Uri host)
        {
            try
            {
                IPAddress remote;
                if (!IPAddress.TryParse(host.Host, out remote))
                {
                    remote = Dns.GetHostAddresses(host.DnsSafeHost)
                        .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
                        .First();
                }
                using (var probe = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp))
                {
                    probe.Connect(remote, host.Port > 0 ? host.Port : 80);
                    var local = ((IPEndPoint)probe.LocalEndPoint).Address;
                    if (local.AddressFamily == AddressFamily.InterNetworkV6)
                    {
                        local.ScopeId = 0;
                    }
                    return local.ToString();
                }
            }
            catch (Exception)
            {
                var fallback = NetworkInterface.GetAllNetworkInterfaces()
                    .Where(n => n.OperationalStatus == OperationalStatus.Up)
                    .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                    .Select(u => u.Address)
                    .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
                return fallback != null ? fallback.ToString() : "127.0.0.1";
            }
        }

        private sealed class PendingResult
        {
            internal readonly string MapId;
            internal readonly string JobId;
            internal readonly string Frame;
            internal int Sends;

            internal PendingResult(string mapId, string jobId, string frame)
            {
                MapId = mapId;
                JobId = jobId;
                Frame = frame;
            }
        }
    }
}
