/**
 * The Electron transport of the contract. One invoke channel carries every contract channel (the router validates
 * the name and request), and one event channel carries every push event.
 */
export const ELECTRON_IPC = {
  /** `ipcRenderer.invoke(invoke, channelName, request)` answers an `InvokeResult`. */
  invoke: 'kintsugi:invoke',
  /** `webContents.send(event, eventName, payload)`. */
  event: 'kintsugi:event',
} as const;
