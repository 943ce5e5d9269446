using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using UnityEngine;
using UnityEngine.Profiling;

namespace GameOrchestrator
{
    /// <summary>
    /// The Unity face of <see cref="OrchestratorClient"/>: connects when the component starts,
    /// raises every client event on the main thread (so handlers may touch scenes and
    /// GameObjects), and says goodbye when the application quits. Configure it in the Inspector
    /// or with <see cref="Configure"/> right after AddComponent.
    /// </summary>
    public sealed class OrchestratorClientBehaviour : MonoBehaviour
    {
        [Tooltip("ws://HOST:PORT of the orchestrator's game-server endpoint")]
        [SerializeField] private string hostUrl = "ws://127.0.0.1:8765";

        [Tooltip("Server token; leave empty if the host needs none")]
        [SerializeField] private string token = "";

        [Tooltip("Optional region label the host's policy can match maps against")]
        [SerializeField] private string region = "";

        [Tooltip("Jobs this server runs at once")]
        [SerializeField] private int capacity = 1;

        // Client events arrive on socket threads; Update() runs them on the main thread.
        private readonly ConcurrentQueue<Action> mainThread = new ConcurrentQueue<Action>();
        // Unity's APIs are main-thread only, so Update() samples and the heartbeat thread reads.
        private volatile ResourceUsage latestUsage = new ResourceUsage();

        /// <summary>The underlying client, available from Start() on.</summary>
        public OrchestratorClient Client { get; private set; }

        /// <summary>A job to run, raised on the main thread.</summary>
        public event Action<OrchestratorJob> JobAssigned;

        /// <summary>An operator's command, raised on the main thread.</summary>
        public event Action<OrchestratorCommand> CommandReceived;

        /// <summary>A frame the host refused, raised on the main thread.</summary>
        public event Action<OrchestratorProtocolError> ProtocolErrorReceived;

        /// <summary>Sets where to connect; call before the component's Start (that is, in the
        /// same frame as AddComponent).</summary>
        public void Configure(string url, string serverToken)
        {
            hostUrl = url;
            token = serverToken;
        }

        /// <summary>Reports a finished round; null <paramref name="nextRoundTime"/> means the map
        /// has no further round.</summary>
        public void SendJobDone(OrchestratorJob job, DateTime? nextRoundTime)
        {
            Client.SendJobDone(job.MapId, job.JobId, nextRoundTime);
        }

        /// <summary>Reports a failed round.</summary>
        public void SendJobFailed(OrchestratorJob job, string message, bool retryable)
        {
            Client.SendJobFailed(job.MapId, job.JobId, message, retryable);
        }

        /// <summary>Reports progress (0 to 100), which keeps a long round's lease alive.</summary>
        public void SendProgress(OrchestratorJob job, double percent)
        {
            Client.SendProgress(job.MapId, job.JobId, percent);
        }

        private void Start()
        {
            var labels = new Dictionary<string, string>();
            if (!string.IsNullOrEmpty(region))
            {
                labels["region"] = region;
            }
            Client = new OrchestratorClient(new OrchestratorClientOptions
            {
                HostUrl = hostUrl,
                Token = token,
                Capacity = capacity,
                Labels = labels,
                Version = "unity/" + Application.unityVersion + " " + Application.version,
            });
            Client.Dispatcher = mainThread.Enqueue;
            Client.ResourceSampler = () => latestUsage;
            Client.Log = line => mainThread.Enqueue(() => Debug.Log("[orchestrator] " + line));
            Client.JobAssigned += job => Raise(JobAssigned, job);
            Client.CommandReceived += command => Raise(CommandReceived, command);
            Client.ProtocolErrorReceived += error =>
            {
                Debug.LogWarning("[orchestrator] host refused a frame: " + error);
                Raise(ProtocolErrorReceived, error);
            };
            Client.Start();
        }

        private void Update()
        {
            latestUsage = SampleUsage();
            Action action;
            while (mainThread.TryDequeue(out action))
            {
                action();
            }
        }

        private void OnApplicationQuit()
        {
            if (Client != null)
            {
                // The client never resumes on the calling thread, so waiting here cannot deadlock.
                Client.Disconnect("application quit").Wait(TimeSpan.FromSeconds(3));
            }
        }

        private void OnDestroy()
        {
            if (Client != null)
            {
                Client.Dispose();
            }
        }

        private static ResourceUsage SampleUsage()
        {
            // Unity reports no CPU figure; the host counts an unreported one as unknown.
            double totalBytes = SystemInfo.systemMemorySize * 1024.0 * 1024.0;
            return new ResourceUsage
            {
                Ram = totalBytes > 0 ? 100.0 * Profiler.GetTotalReservedMemoryLong() / totalBytes : (double?)null,
            };
        }

        private static void Raise<T>(Action<T> handler, T argument)
        {
            if (handler != null)
            {
                handler(argument);
            }
        }
    }
}
