// How queued work enters Java on the thread that runs it: a Runnable's run() (pool workers,
// new threads) or Handler.dispatchMessage(Message) (looper threads), each a real VM invocation so
// hooks on them fire.
import type { JObject } from '../java/heap.js';
import type { ArtVm } from '../java/vm.js';

export function runTask(vm: ArtVm, runnable: JObject): void {
  vm.invoke(vm.method(vm.bootClass('java.lang.Runnable'), 'run', []), runnable, [], 'virtual');
}

export function dispatchMessage(vm: ArtVm, handler: JObject, msg: JObject): void {
  vm.invoke(vm.method(vm.bootClass('android.os.Handler'), 'dispatchMessage', ['android.os.Message']), handler, [msg], 'virtual');
}
