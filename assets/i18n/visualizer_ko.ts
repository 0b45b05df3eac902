<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>BlockingScene</name>
    <message>
        <source>sync + blocking</source>
        <translation>동기 + 블로킹</translation>
    </message>
    <message>
        <source>sync + non-blocking</source>
        <translation>동기 + 논블로킹</translation>
    </message>
    <message>
        <source>async + non-blocking</source>
        <translation>비동기 + 논블로킹</translation>
    </message>
    <message>
        <source>async + blocking</source>
        <translation>비동기 + 블로킹</translation>
    </message>
    <message>
        <source>recv waits for the data; the thread gives up control</source>
        <translation>recv가 데이터를 기다림. 스레드는 제어권을 넘겨줌</translation>
    </message>
    <message>
        <source>recv answers at once; the caller keeps asking</source>
        <translation>recv가 바로 답함. 호출한 함수가 계속 다시 물어봄</translation>
    </message>
    <message>
        <source>the task parks; the loop runs other tasks</source>
        <translation>태스크는 대기하고, 이벤트 루프는 다른 태스크를 실행함</translation>
    </message>
    <message>
        <source>recv blocks the loop itself; everything stops</source>
        <translation>recv가 이벤트 루프 자체를 블로킹함. 모든 것이 멈춤</translation>
    </message>
    <message>
        <source>nobody (not running)</source>
        <translation>없음(실행 중 아님)</translation>
    </message>
    <message>
        <source>the caller</source>
        <translation>호출한 함수</translation>
    </message>
    <message>
        <source>recv()</source>
        <translation>recv()</translation>
    </message>
    <message>
        <source>the event loop</source>
        <translation>이벤트 루프</translation>
    </message>
    <message>
        <source>other_work</source>
        <translation>other_work</translation>
    </message>
    <message>
        <source>the thread starts the caller</source>
        <translation>스레드가 호출한 함수를 시작함</translation>
    </message>
    <message>
        <source>the reader task is scheduled on the event loop</source>
        <translation>읽기 태스크가 이벤트 루프에 예약됨</translation>
    </message>
    <message>
        <source>calls recv(): control passes to recv until data comes</source>
        <translation>recv() 호출: 데이터가 올 때까지 제어권이 recv로 넘어감</translation>
    </message>
    <message>
        <source>calls recv() on a non-blocking socket</source>
        <translation>논블로킹 소켓에서 recv() 호출</translation>
    </message>
    <message>
        <source>BlockingIOError: recv returns at once, control is back</source>
        <translation>BlockingIOError: recv가 바로 반환, 제어권이 돌아옴</translation>
    </message>
    <message>
        <source>recv() returns {n} bytes: control is back</source>
        <translation>recv()가 {n}바이트 반환: 제어권이 돌아옴</translation>
    </message>
    <message>
        <source>recv() failed: control is back</source>
        <translation>recv() 실패: 제어권이 돌아옴</translation>
    </message>
    <message>
        <source>the loop runs the reader task</source>
        <translation>이벤트 루프가 읽기 태스크를 실행함</translation>
    </message>
    <message>
        <source>await: the task parks on the socket, control to the loop</source>
        <translation>await: 태스크는 소켓에서 대기, 제어권은 이벤트 루프로</translation>
    </message>
    <message>
        <source>the loop resumes the reader with its data</source>
        <translation>이벤트 루프가 데이터와 함께 읽는 쪽을 재개함</translation>
    </message>
    <message>
        <source>the reader task finishes</source>
        <translation>읽기 태스크가 끝남</translation>
    </message>
    <message>
        <source>the loop gives other_work a turn</source>
        <translation>이벤트 루프가 other_work에 차례를 줌</translation>
    </message>
    <message>
        <source>other_work awaits: control back to the loop</source>
        <translation>other_work의 await: 제어권이 이벤트 루프로 돌아감</translation>
    </message>
    <message>
        <source>other_work is cancelled: the reader is done with it</source>
        <translation>other_work 취소: 읽는 쪽이 끝나서 더는 필요 없음</translation>
    </message>
    <message>
        <source>socket readable: the loop calls recv() for the task</source>
        <translation>소켓을 읽을 수 있음: 이벤트 루프가 태스크 대신 recv()를 호출함</translation>
    </message>
    <message>
        <source>recv() returns {n} bytes to the loop</source>
        <translation>recv()가 이벤트 루프에 {n}바이트를 반환함</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>control moves</source>
        <translation>제어권 이동</translation>
    </message>
    <message>
        <source>Same reply, same moment ({sent:.2f} s), four ways to wait: sync + non-blocking polled {polls} times; async + non-blocking let other_work step {steps} times; async + blocking froze its loop for {stall}.</source>
        <translation>같은 응답, 같은 순간({sent:.2f}초), 기다리는 네 가지 방법: 동기 + 논블로킹은 {polls}번 폴링했고, 비동기 + 논블로킹은 other_work를 {steps}번 진행시켰고, 비동기 + 블로킹은 자기 이벤트 루프를 {stall} 동안 멈췄습니다.</translation>
    </message>
    <message>
        <source>recv() returned after {after:.2f} s. The loop was stalled for {stall} (measured) and other_work made {steps} steps meanwhile: one blocking call froze every task.</source>
        <translation>recv()가 {after:.2f}초 뒤에 반환했습니다. 이벤트 루프는 {stall} 동안 멈췄고(측정값) 그동안 other_work는 {steps}번 진행했습니다. 블로킹 호출 하나가 모든 태스크를 멈춘 것입니다.</translation>
    </message>
    <message>
        <source>Reader&apos;s loop blocked (longest, measured)</source>
        <translation>읽는 쪽 이벤트 루프가 막힌 시간(최장, 측정값)</translation>
    </message>
    <message>
        <source>Blocking vs Non-blocking</source>
        <translation>블로킹과 논블로킹</translation>
    </message>
    <message>
        <source>Blocking or not is about control (제어권): does recv keep it until the data comes, or give it back at once?</source>
        <translation>블로킹이냐 논블로킹이냐는 제어권의 문제입니다. recv가 데이터가 올 때까지 제어권을 쥐고 있을까요, 아니면 바로 돌려줄까요?</translation>
    </message>
    <message>
        <source>The reader task holds the event loop.</source>
        <translation>읽기 태스크에게 이벤트 루프의 제어권이 있습니다.</translation>
    </message>
    <message>
        <source>Peer replies after</source>
        <translation>상대의 응답 지연</translation>
    </message>
    <message>
        <source>Poll interval</source>
        <translation>폴링 간격</translation>
    </message>
    <message>
        <source>Sync + blocking</source>
        <translation>동기 + 블로킹</translation>
    </message>
    <message>
        <source>A worker thread calls recv() on a blocking socket: control goes to recv and comes back only with the data. The thread can do nothing else meanwhile.</source>
        <translation>워커 스레드가 블로킹 소켓에서 recv()를 호출합니다. 제어권이 recv로 넘어가고, 데이터가 와야만 돌아옵니다. 그동안 스레드는 다른 일을 할 수 없습니다.</translation>
    </message>
    <message>
        <source>Sync + non-blocking (polling)</source>
        <translation>동기 + 논블로킹(폴링)</translation>
    </message>
    <message>
        <source>recv() on a non-blocking socket returns at once with BlockingIOError while there is no data. The caller keeps control and polls again; every poll is counted.</source>
        <translation>논블로킹 소켓의 recv()는 데이터가 없으면 BlockingIOError와 함께 바로 반환합니다. 호출한 함수가 제어권을 가진 채 다시 폴링하며, 폴링은 모두 셉니다.</translation>
    </message>
    <message>
        <source>Async + non-blocking</source>
        <translation>비동기 + 논블로킹</translation>
    </message>
    <message>
        <source>The task awaits loop.sock_recv(): it parks and the event loop runs other tasks until the socket is readable, then resumes the task with the data.</source>
        <translation>태스크가 loop.sock_recv()를 await합니다. 태스크는 대기하고, 이벤트 루프는 소켓을 읽을 수 있을 때까지 다른 태스크를 실행한 뒤 데이터와 함께 태스크를 재개합니다.</translation>
    </message>
    <message>
        <source>Async + blocking (the mistake)</source>
        <translation>비동기 + 블로킹(실수)</translation>
    </message>
    <message>
        <source>A blocking recv() inside a coroutine, on this app&apos;s own event loop: the loop and every other task stop until the data arrives. The app freezes for that long.</source>
        <translation>코루틴 안에서, 이 앱 자신의 이벤트 루프 위에서 블로킹 recv()를 호출합니다. 데이터가 올 때까지 이벤트 루프와 다른 모든 태스크가 멈춥니다. 그동안 앱도 멈춥니다.</translation>
    </message>
    <message>
        <source>All four side by side</source>
        <translation>네 가지를 나란히</translation>
    </message>
    <message>
        <source>The four combinations at once, on one clock, with the same reply at the same moment. async + blocking runs on a second event loop here, so its stall freezes only that loop and not the other panels.</source>
        <translation>네 가지 조합을 한 시계로 동시에, 같은 순간에 같은 응답으로 실행합니다. 여기서 비동기 + 블로킹은 두 번째 이벤트 루프에서 실행되므로, 그 멈춤은 그 루프만 멈추고 다른 패널은 멈추지 않습니다.</translation>
    </message>
    <message>
        <source>The caller runs on its worker thread and holds control.</source>
        <translation>호출한 함수가 워커 스레드에서 실행되며 제어권을 쥐고 있습니다.</translation>
    </message>
    <message>
        <source>How long the other end of the socket waits before it sends its reply</source>
        <translation>소켓 반대편이 응답을 보내기 전에 기다리는 시간</translation>
    </message>
    <message>
        <source>sync + non-blocking: how long the caller does something else between two recv() calls (0 = ask again at once)</source>
        <translation>동기 + 논블로킹: 두 번의 recv() 호출 사이에 호출한 함수가 다른 일을 하는 시간(0 = 바로 다시 물어봄)</translation>
    </message>
    <message>
        <source>Starting: opening loopback sockets to 127.0.0.1.</source>
        <translation>시작: 127.0.0.1로 루프백 소켓을 여는 중.</translation>
    </message>
    <message>
        <source>The reader stopped: {error}</source>
        <translation>읽는 쪽이 멈췄습니다: {error}</translation>
    </message>
    <message>
        <source>recv() returned at once: the data was already there, so this time the blocking call did not stall the loop. With a later reply it would.</source>
        <translation>recv()가 바로 반환했습니다. 데이터가 이미 와 있어서 이번에는 블로킹 호출이 이벤트 루프를 멈추지 않았습니다. 응답이 더 늦었다면 멈췄을 것입니다.</translation>
    </message>
    <message>
        <source>Starting: a loopback TCP connection is open; the peer will reply in {delay:.2f} s.</source>
        <translation>시작: 루프백 TCP 연결이 열렸습니다. 상대는 {delay:.2f}초 뒤에 응답합니다.</translation>
    </message>
    <message>
        <source>recv() on a non-blocking socket answers at once: no data yet, so it raises BlockingIOError and control stays with the caller, which does something else and asks again. Polls so far: {polls}.</source>
        <translation>논블로킹 소켓의 recv()는 바로 답합니다. 아직 데이터가 없어 BlockingIOError를 일으키고, 제어권은 호출한 함수에 남습니다. 호출한 함수는 다른 일을 하다가 다시 물어봅니다. 지금까지 폴링: {polls}번.</translation>
    </message>
    <message>
        <source>recv() is called without waiting: it answers at once, data or not.</source>
        <translation>recv()를 기다리지 않고 호출합니다. 데이터가 있든 없든 바로 답합니다.</translation>
    </message>
    <message>
        <source>A blocking recv() inside a coroutine: the event loop itself is stuck in recv, so no other task can run. other_work is ready but frozen ({s:.2f} s so far).</source>
        <translation>코루틴 안의 블로킹 recv(): 이벤트 루프 자체가 recv에 묶여 다른 태스크는 실행될 수 없습니다. other_work는 준비됐지만 멈춰 있습니다(지금까지 {s:.2f}초).</translation>
    </message>
    <message>
        <source>The scene&apos;s code failed: {error}</source>
        <translation>장면의 코드가 실패했습니다: {error}</translation>
    </message>
    <message>
        <source>Four readers wait for the same reply, due in {left:.2f} s. The blocking ones handed control to recv; the non-blocking ones kept it (polls: {polls}, other task steps: {steps}).</source>
        <translation>읽는 쪽 네 곳이 {left:.2f}초 뒤에 올 같은 응답을 기다립니다. 블로킹 쪽은 제어권을 recv에 넘겼고, 논블로킹 쪽은 제어권을 지켰습니다(폴링: {polls}번, 다른 태스크 진행: {steps}번).</translation>
    </message>
    <message>
        <source>The peer sent its reply at {sent:.2f} s; the readers are taking it.</source>
        <translation>상대가 {sent:.2f}초에 응답을 보냈습니다. 읽는 쪽들이 받는 중입니다.</translation>
    </message>
    <message>
        <source>Peer sent at</source>
        <translation>상대가 보낸 시각</translation>
    </message>
    <message>
        <source>recv() returned {n} bytes after {after:.2f} s, just after the peer sent them. Only then did the caller get control (제어권) back: that is blocking.</source>
        <translation>recv()가 {after:.2f}초 뒤, 상대가 보낸 직후에 {n}바이트를 반환했습니다. 그제야 호출한 함수가 제어권을 돌려받았습니다. 이것이 블로킹입니다.</translation>
    </message>
    <message>
        <source>The poll after the reply got {n} bytes. Before that, {polls} polls raised BlockingIOError: control always came straight back (non-blocking), but the caller spent its time asking (sync).</source>
        <translation>응답 뒤의 폴링이 {n}바이트를 받았습니다. 그 전의 폴링 {polls}번은 BlockingIOError를 일으켰습니다. 제어권은 언제나 바로 돌아왔지만(논블로킹), 호출한 함수는 묻는 데 시간을 썼습니다(동기).</translation>
    </message>
    <message>
        <source>The data was already there when the task asked: sock_recv returned {n} bytes at once and the task never had to give the loop away.</source>
        <translation>태스크가 물었을 때 데이터가 이미 와 있었습니다. sock_recv가 바로 {n}바이트를 반환했고, 태스크는 제어권을 이벤트 루프에 넘길 필요가 없었습니다.</translation>
    </message>
    <message>
        <source>The task resumed with {n} bytes. While it waited, the loop ran other_work {steps} times: nobody sat idle (async + non-blocking).</source>
        <translation>태스크가 {n}바이트와 함께 재개했습니다. 기다리는 동안 이벤트 루프는 other_work를 {steps}번 실행했습니다. 아무도 놀지 않았습니다(비동기 + 논블로킹).</translation>
    </message>
    <message>
        <source>The thread called recv() on a blocking socket. Control (제어권) went to recv and stays there until data arrives: the thread is blocked ({s:.2f} s so far).</source>
        <translation>스레드가 블로킹 소켓에서 recv()를 호출했습니다. 제어권이 recv로 넘어가 데이터가 올 때까지 그곳에 있습니다. 스레드는 블로킹된 상태입니다(지금까지 {s:.2f}초).</translation>
    </message>
    <message>
        <source>The event loop gave control to other_work for one step (step {steps}) while the reader stays parked on the socket.</source>
        <translation>읽는 쪽이 소켓에서 대기하는 동안, 이벤트 루프가 other_work에 한 단계만큼 제어권을 주었습니다({steps}번째).</translation>
    </message>
    <message>
        <source>The reader awaits loop.sock_recv(): no data yet, so the task parks and hands control to the event loop, which runs other tasks (other_work has stepped {steps} times).</source>
        <translation>읽는 쪽이 loop.sock_recv()를 await합니다. 아직 데이터가 없어 태스크는 대기하고 제어권을 이벤트 루프에 넘깁니다. 이벤트 루프는 다른 태스크를 실행합니다(other_work 진행: {steps}번).</translation>
    </message>
    <message>
        <source>Peer replies in</source>
        <translation>상대가 응답하기까지</translation>
    </message>
    <message>
        <source>Polls (BlockingIOError)</source>
        <translation>폴링 횟수(BlockingIOError)</translation>
    </message>
    <message>
        <source>other_work steps while waiting</source>
        <translation>기다리는 동안 other_work 진행 횟수</translation>
    </message>
    <message>
        <source>recv() held the loop</source>
        <translation>recv()가 이벤트 루프를 붙잡음</translation>
    </message>
    <message>
        <source>Data after first recv()</source>
        <translation>첫 recv()부터 데이터까지</translation>
    </message>
    <message>
        <source>control</source>
        <translation>제어권</translation>
    </message>
    <message>
        <source>t = {t:.2f} s</source>
        <translation>t = {t:.2f}초</translation>
    </message>
    <message>
        <source>peer replies at {at:.2f} s</source>
        <translation>상대가 {at:.2f}초에 응답 예정</translation>
    </message>
    <message>
        <source>peer replied at {at:.2f} s</source>
        <translation>상대가 {at:.2f}초에 응답함</translation>
    </message>
    <message>
        <source>worker thread: runs only this caller</source>
        <translation>워커 스레드: 이 호출한 함수만 실행</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>이벤트 루프</translation>
    </message>
    <message>
        <source>event loop (a second one, in its own thread)</source>
        <translation>이벤트 루프(별도 스레드의 두 번째 루프)</translation>
    </message>
    <message>
        <source>holds control: waits in select() for the socket or a timer</source>
        <translation>제어권을 쥠: select()에서 소켓이나 타이머를 기다림</translation>
    </message>
    <message>
        <source>has handed control to a task</source>
        <translation>태스크에 제어권을 넘겨줌</translation>
    </message>
    <message>
        <source>its reader callback called recv()</source>
        <translation>읽기 콜백이 recv()를 호출함</translation>
    </message>
    <message>
        <source>STALLED for {s:.2f} s: a task is stuck in recv()</source>
        <translation>{s:.2f}초째 멈춤: 태스크가 recv()에 묶여 있음</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>유휴</translation>
    </message>
    <message>
        <source>caller: {fn}()</source>
        <translation>호출한 함수: {fn}()</translation>
    </message>
    <message>
        <source>task: {fn}()</source>
        <translation>태스크: {fn}()</translation>
    </message>
    <message>
        <source>runs: holds control</source>
        <translation>실행 중: 제어권을 쥠</translation>
    </message>
    <message>
        <source>blocked: waits for recv() to return</source>
        <translation>블로킹됨: recv()가 반환하기를 기다림</translation>
    </message>
    <message>
        <source>inside recv() for a moment</source>
        <translation>잠깐 recv() 안에 있음</translation>
    </message>
    <message>
        <source>does something else, then polls again</source>
        <translation>다른 일을 하고 다시 폴링함</translation>
    </message>
    <message>
        <source>parked: await sock_recv()</source>
        <translation>대기: await sock_recv()</translation>
    </message>
    <message>
        <source>ready: data came, awaits its turn</source>
        <translation>준비: 데이터가 와서 차례를 기다림</translation>
    </message>
    <message>
        <source>holds control, no data yet ({s:.2f} s)</source>
        <translation>제어권을 쥠, 아직 데이터 없음({s:.2f}초)</translation>
    </message>
    <message>
        <source>sleeps 0.1 s, then steps</source>
        <translation>0.1초 잠든 뒤 한 단계 진행</translation>
    </message>
    <message>
        <source>frozen: the loop is stuck</source>
        <translation>멈춤: 이벤트 루프가 묶여 있음</translation>
    </message>
    <message>
        <source>recv() held the whole loop</source>
        <translation>recv()가 이벤트 루프 전체를 붙잡음</translation>
    </message>
    <message>
        <source>control (제어권): whoever has it runs</source>
        <translation>제어권: 가진 쪽이 실행됨</translation>
    </message>
    <message>
        <source>solid: on the thread&apos;s call stack</source>
        <translation>실선: 스레드의 호출 스택에 있음</translation>
    </message>
    <message>
        <source>dashed: not on it (parked, done, not called)</source>
        <translation>점선: 스택에 없음(대기, 완료, 호출 전)</translation>
    </message>
    <message>
        <source>done: the caller has its {n} bytes and control</source>
        <translation>완료: 호출한 함수가 {n}바이트와 제어권을 돌려받음</translation>
    </message>
    <message>
        <source>scheduled, waits for its turn</source>
        <translation>예약됨, 차례를 기다림</translation>
    </message>
    <message>
        <source>got {n} bytes</source>
        <translation>{n}바이트 받음</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>시작 전</translation>
    </message>
    <message>
        <source>answers at once, data or not</source>
        <translation>데이터가 있든 없든 바로 답함</translation>
    </message>
    <message>
        <source>last answer: BlockingIOError</source>
        <translation>마지막 답: BlockingIOError</translation>
    </message>
    <message>
        <source>returned {n} bytes</source>
        <translation>{n}바이트 반환함</translation>
    </message>
    <message>
        <source>not on the stack</source>
        <translation>스택에 없음</translation>
    </message>
    <message>
        <source>task: other_work()</source>
        <translation>태스크: other_work()</translation>
    </message>
    <message>
        <source>runs one step</source>
        <translation>한 단계 실행</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>TCP socket, 127.0.0.1</source>
        <translation>TCP 소켓, 127.0.0.1</translation>
    </message>
    <message>
        <source>no data yet</source>
        <translation>아직 데이터 없음</translation>
    </message>
    <message>
        <source>{n} bytes arrived</source>
        <translation>{n}바이트 도착</translation>
    </message>
    <message>
        <source>read: {n} bytes</source>
        <translation>읽음: {n}바이트</translation>
    </message>
    <message>
        <source>peer (other end)</source>
        <translation>상대(반대편 끝)</translation>
    </message>
    <message>
        <source>replies in {s:.2f} s</source>
        <translation>{s:.2f}초 뒤 응답</translation>
    </message>
    <message>
        <source>sent &quot;hello&quot; at {at:.2f} s</source>
        <translation>{at:.2f}초에 &quot;hello&quot;를 보냄</translation>
    </message>
    <message>
        <source>polls (BlockingIOError raised)</source>
        <translation>폴링 횟수(BlockingIOError 발생)</translation>
    </message>
    <message>
        <source>≈ {rate:,.0f} polls/s now</source>
        <translation>지금 초당 약 {rate:,.0f}번 폴링</translation>
    </message>
    <message>
        <source>time inside recv()</source>
        <translation>recv() 안에 있던 시간</translation>
    </message>
    <message>
        <source>measured: the loop was blocked for {lag}</source>
        <translation>측정값: 이벤트 루프가 {lag} 동안 막힘</translation>
    </message>
    <message>
        <source>{t:.2f} s · {what}</source>
        <translation>{t:.2f}초 · {what}</translation>
    </message>
    <message>
        <source>poll #{n}: recv() raised BlockingIOError, control is back</source>
        <translation>폴링 #{n}: recv()가 BlockingIOError를 일으킴, 제어권이 돌아옴</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>보냄</translation>
    </message>
    <message>
        <source>Opening loopback sockets…</source>
        <translation>루프백 소켓을 여는 중…</translation>
    </message>
    <message>
        <source>loop</source>
        <translation>이벤트 루프</translation>
    </message>
    <message>
        <source>caller</source>
        <translation>호출한 함수</translation>
    </message>
</context>
<context>
    <name>ConsolePane</name>
    <message>
        <source>Output is long: the first {n:,} characters were dropped.</source>
        <translation>출력이 깁니다: 앞부분 {n:,}자는 버렸습니다.</translation>
    </message>
</context>
<context>
    <name>EditorPanel</name>
    <message>
        <source>Grey lines are the visualizer&apos;s own instrumentation; they do not change what the code does.</source>
        <translation>회색 줄은 시각화 도구가 실행을 기록하려고 넣은 계측 코드입니다. 코드가 하는 일은 바꾸지 않습니다.</translation>
    </message>
</context>
<context>
    <name>EventLoopScene</name>
    <message>
        <source>a timer</source>
        <translation>타이머</translation>
    </message>
    <message>
        <source>gather (its child tasks)</source>
        <translation>gather(자식 태스크들)</translation>
    </message>
    <message>
        <source>another task</source>
        <translation>다른 태스크</translation>
    </message>
    <message>
        <source>a worker thread</source>
        <translation>워커 스레드</translation>
    </message>
    <message>
        <source>the task group</source>
        <translation>태스크 그룹</translation>
    </message>
    <message>
        <source>a queue</source>
        <translation>큐</translation>
    </message>
    <message>
        <source>a queue&apos;s unfinished items</source>
        <translation>큐에 남은 처리 중 항목</translation>
    </message>
    <message>
        <source>the next of several tasks (as_completed)</source>
        <translation>여러 태스크 중 다음 완료 (as_completed)</translation>
    </message>
    <message>
        <source>several tasks (asyncio.wait)</source>
        <translation>여러 태스크 (asyncio.wait)</translation>
    </message>
    <message>
        <source>another task, with a time limit (wait_for)</source>
        <translation>제한 시간이 있는 다른 태스크 (wait_for)</translation>
    </message>
    <message>
        <source>a shielded task</source>
        <translation>보호된 태스크</translation>
    </message>
    <message>
        <source>a lock</source>
        <translation>락</translation>
    </message>
    <message>
        <source>a semaphore</source>
        <translation>세마포어</translation>
    </message>
    <message>
        <source>a condition</source>
        <translation>조건 변수</translation>
    </message>
    <message>
        <source>a barrier</source>
        <translation>배리어</translation>
    </message>
    <message>
        <source>an event</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>소켓</translation>
    </message>
    <message>
        <source>a stream</source>
        <translation>스트림</translation>
    </message>
    <message>
        <source>a subprocess</source>
        <translation>하위 프로세스</translation>
    </message>
    <message>
        <source>its next turn</source>
        <translation>자기 다음 차례</translation>
    </message>
    <message>
        <source>a future</source>
        <translation>퓨처</translation>
    </message>
    <message>
        <source>main() ran for (measured)</source>
        <translation>main() 실행 시간(측정값)</translation>
    </message>
    <message>
        <source>Event loop</source>
        <translation>이벤트 루프</translation>
    </message>
    <message>
        <source>One thread runs every coroutine in turn; await hands control back to the loop.</source>
        <translation>스레드 하나가 모든 코루틴을 차례로 실행합니다. await를 만나면 제어권이 이벤트 루프로 돌아갑니다.</translation>
    </message>
    <message>
        <source>Number of tasks</source>
        <translation>태스크 수</translation>
    </message>
    <message>
        <source>Sequential awaits</source>
        <translation>차례로 await</translation>
    </message>
    <message>
        <source>Each await waits for its coroutine to finish before the next one starts.</source>
        <translation>await마다 그 코루틴이 끝날 때까지 기다린 뒤에야 다음 코루틴이 시작됩니다.</translation>
    </message>
    <message>
        <source>create_task, then await</source>
        <translation>create_task 후 await</translation>
    </message>
    <message>
        <source>create_task schedules every job at once; awaiting them later only collects.</source>
        <translation>create_task가 모든 작업을 한꺼번에 예약합니다. 나중의 await는 결과를 모을 뿐입니다.</translation>
    </message>
    <message>
        <source>gather</source>
        <translation>gather</translation>
    </message>
    <message>
        <source>gather wraps each coroutine in a task and waits for all.</source>
        <translation>gather는 코루틴마다 태스크로 감싸고, 모두 끝날 때까지 기다립니다.</translation>
    </message>
    <message>
        <source>TaskGroup</source>
        <translation>TaskGroup</translation>
    </message>
    <message>
        <source>A TaskGroup starts tasks and waits for all of them on exit.</source>
        <translation>TaskGroup은 태스크들을 시작하고, 블록을 빠져나갈 때 모두 끝날 때까지 기다립니다.</translation>
    </message>
    <message>
        <source>A coroutine object does nothing yet</source>
        <translation>코루틴 객체는 아직 아무 일도 하지 않음</translation>
    </message>
    <message>
        <source>Calling a coroutine function only makes a coroutine object; nothing runs until it is awaited or scheduled.</source>
        <translation>코루틴 함수를 호출하면 코루틴 객체가 만들어질 뿐입니다. await하거나 태스크로 예약하기 전에는 아무것도 실행되지 않습니다.</translation>
    </message>
    <message>
        <source>time.sleep blocks the loop</source>
        <translation>time.sleep이 루프를 블로킹함</translation>
    </message>
    <message>
        <source>job1 calls time.sleep inside a coroutine: the one loop thread is blocked, every other task freezes, and the whole app stalls with it.</source>
        <translation>job1이 코루틴 안에서 time.sleep을 호출합니다. 하나뿐인 루프 스레드가 블로킹되어 다른 태스크가 모두 멈추고, 앱 전체도 함께 멈춥니다.</translation>
    </message>
    <message>
        <source>asyncio.to_thread fixes it</source>
        <translation>asyncio.to_thread로 해결</translation>
    </message>
    <message>
        <source>The same blocking call moved to a worker thread with asyncio.to_thread: the loop stays free and the other tasks keep running.</source>
        <translation>같은 블로킹 호출을 asyncio.to_thread로 워커 스레드에 넘깁니다. 루프는 묶이지 않고 다른 태스크들은 계속 실행됩니다.</translation>
    </message>
    <message>
        <source>loop blocked by the code: now {now}, longest {worst}</source>
        <translation>코드가 이벤트 루프를 막은 시간: 지금 {now}, 최장 {worst}</translation>
    </message>
    <message>
        <source>loop blocked</source>
        <translation>루프 막힘</translation>
    </message>
    <message>
        <source>The loop is idle.</source>
        <translation>이벤트 루프가 쉬고 있습니다.</translation>
    </message>
    <message>
        <source>How many coroutines the preset starts</source>
        <translation>프리셋이 시작하는 코루틴 수</translation>
    </message>
    <message>
        <source>Starting: asyncio is about to run main().</source>
        <translation>시작: asyncio가 곧 main()을 실행합니다.</translation>
    </message>
    <message>
        <source>The scene&apos;s code failed: {error}</source>
        <translation>장면의 코드가 실패했습니다: {error}</translation>
    </message>
    <message>
        <source>main() finished after {elapsed:.2f} s, measured on the loop&apos;s clock.</source>
        <translation>main()이 {elapsed:.2f}초 만에 끝났습니다(이벤트 루프 시계로 측정).</translation>
    </message>
    <message>
        <source>{task} holds the event loop (제어권) and runs until its next await.</source>
        <translation>{task}에게 이벤트 루프의 제어권이 있습니다. 다음 await를 만날 때까지 실행합니다.</translation>
    </message>
    <message>
        <source>The loop takes the next ready task: {task}. {count} in the ready queue.</source>
        <translation>이벤트 루프가 준비 큐에서 다음 태스크를 꺼냅니다: {task}. 준비 큐에 {count}개.</translation>
    </message>
    <message>
        <source>Every task is waiting ({count}); the loop sleeps in select() until the first one can go on: {task} waits on {what}.</source>
        <translation>모든 태스크({count}개)가 기다리는 중입니다. 이벤트 루프는 어느 하나가 진행할 수 있을 때까지 select()에서 잠듭니다. {task}의 대기 대상: {what}.</translation>
    </message>
    <message>
        <source>Tasks done</source>
        <translation>끝난 태스크</translation>
    </message>
    <message>
        <source>Delay of job{n}</source>
        <translation>job{n} 대기 시간</translation>
    </message>
    <message>
        <source>{coro}() was called, but that only made a coroutine object: its body has not run. It will start when something awaits it.</source>
        <translation>{coro}() 호출은 코루틴 객체를 만들었을 뿐, 본문은 아직 실행되지 않았습니다. 누군가 await해야 시작됩니다.</translation>
    </message>
    <message>
        <source>Loop blocked by the code (longest)</source>
        <translation>코드가 이벤트 루프를 막은 시간(최장)</translation>
    </message>
    <message>
        <source>{task} has held the loop for {held:.2f} s without awaiting; it is stuck in {function}() at line {line}. No other task can run (blocking).</source>
        <translation>await 없이 {held:.2f}초째 {task}에게 제어권이 있습니다. {function}()의 {line}번째 줄에서 멈춰 있습니다. 다른 태스크는 실행될 수 없습니다(블로킹).</translation>
    </message>
    <message>
        <source>{task} has held the loop for {held:.2f} s without awaiting: no other task can run (blocking).</source>
        <translation>await 없이 {held:.2f}초째 {task}에게 제어권이 있습니다. 다른 태스크는 실행될 수 없습니다(블로킹).</translation>
    </message>
    <message>
        <source>Failed or cancelled</source>
        <translation>실패 또는 취소</translation>
    </message>
    <message>
        <source>How long job{n} waits (sleeps or blocks)</source>
        <translation>job{n}의 대기 시간(sleep 또는 블로킹)</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>시간 초과</translation>
    </message>
    <message>
        <source>never started</source>
        <translation>시작 전 취소</translation>
    </message>
    <message>
        <source>loop blocked ≥ {s} by the code (drawing not counted)</source>
        <translation>코드가 이벤트 루프를 {s} 이상 막음(화면 그리기 시간 제외)</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>준비</translation>
    </message>
    <message>
        <source>running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>EVENT LOOP · one thread</source>
        <translation>이벤트 루프 · 스레드 하나</translation>
    </message>
    <message>
        <source>run clock t = {t}</source>
        <translation>실행 시계 t = {t}</translation>
    </message>
    <message>
        <source>BLOCKED for {s:.2f} s: no await yet</source>
        <translation>{s:.2f}초째 블로킹: 아직 await 없음</translation>
    </message>
    <message>
        <source>{task} holds control (제어권)</source>
        <translation>{task}에게 제어권이 있음</translation>
    </message>
    <message>
        <source>blocked: the loop thread is stuck</source>
        <translation>블로킹: 루프 스레드가 멈춰 있음</translation>
    </message>
    <message>
        <source>main() took {s} (measured)</source>
        <translation>main() 실행 시간 {s}(측정값)</translation>
    </message>
    <message>
        <source>idle: waiting in select() for a timer or I/O</source>
        <translation>유휴: select()에서 타이머나 I/O를 기다리는 중</translation>
    </message>
    <message>
        <source>READY QUEUE ({n}) → next to run</source>
        <translation>준비 큐 ({n}) → 다음 실행 순서</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>비어 있음</translation>
    </message>
    <message>
        <source>WAITING ({n}): timers, futures, threads</source>
        <translation>대기 ({n}): 타이머, 퓨처, 스레드</translation>
    </message>
    <message>
        <source>nothing is waiting</source>
        <translation>기다리는 것이 없음</translation>
    </message>
    <message>
        <source>TASKS AND THEIR COROUTINE CALL STACKS (as of their last await)</source>
        <translation>태스크와 코루틴 호출 스택 (마지막 await 시점)</translation>
    </message>
    <message>
        <source>TIMELINE: solid = running, outline = ready, dashed = waiting</source>
        <translation>타임라인: 채움 = 실행 중, 테두리 = 준비, 점선 = 대기 중</translation>
    </message>
    <message>
        <source>worker thread {n}</source>
        <translation>워커 스레드 {n}</translation>
    </message>
    <message>
        <source>switching: runs {task} next</source>
        <translation>전환 중: 다음에 {task} 실행</translation>
    </message>
    <message>
        <source>+{n} more</source>
        <translation>외 {n}개</translation>
    </message>
    <message>
        <source>timer {s:.2f} s left</source>
        <translation>타이머 {s:.2f}초 남음</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>could not write {path}: {reason}</source>
        <translation>{path}에 쓸 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>ffmpeg failed: {detail}</source>
        <translation>ffmpeg 실패: {detail}</translation>
    </message>
    <message>
        <source>an APNG of {count} frames at {w}x{h} would not fit in memory while it is written; choose fewer frames, a smaller size, GIF or MP4</source>
        <translation>{w}x{h} 크기, {count}프레임의 APNG는 쓰는 동안 메모리에 다 들어가지 않습니다. 프레임 수나 크기를 줄이거나 GIF나 MP4를 고르세요</translation>
    </message>
    <message>
        <source>MP4 needs the ffmpeg package; install it with: {hint}</source>
        <translation>MP4로 내보내려면 ffmpeg 패키지가 필요합니다. 설치 명령: {hint}</translation>
    </message>
    <message>
        <source>unknown format {got!r} (choose from {known})</source>
        <translation>알 수 없는 형식입니다: {got!r} ({known} 중에서 고르세요)</translation>
    </message>
    <message>
        <source>size must look like WIDTHxHEIGHT, e.g. 1280x720 (got {got!r})</source>
        <translation>크기는 가로x세로 꼴이어야 합니다. 예: 1280x720 (입력: {got!r})</translation>
    </message>
    <message>
        <source>MP4 needs an even width and height (got {w}x{h})</source>
        <translation>MP4는 가로와 세로가 짝수여야 합니다 (입력: {w}x{h})</translation>
    </message>
    <message>
        <source>fps must be a whole number from {lo} to {hi} for {fmt} (got {got})</source>
        <translation>{fmt}의 fps는 {lo}부터 {hi}까지의 정수여야 합니다 (입력: {got})</translation>
    </message>
    <message>
        <source>duration must be from {lo:g} to {hi:g} s (got {got})</source>
        <translation>길이는 {lo:g}초부터 {hi:g}초까지여야 합니다 (입력: {got})</translation>
    </message>
    <message>
        <source>an animation can be at most {hi:g} s long</source>
        <translation>애니메이션은 최대 {hi:g}초까지 만들 수 있습니다</translation>
    </message>
    <message>
        <source>--at must be from 0 to the duration {d:g} s (got {got})</source>
        <translation>--at은 0부터 길이 {d:g}초 사이여야 합니다 (입력: {got})</translation>
    </message>
    <message>
        <source>the output must be a file name, not a folder (got {got!r})</source>
        <translation>출력은 폴더가 아니라 파일 이름이어야 합니다 (입력: {got!r})</translation>
    </message>
    <message>
        <source>the output for {fmt} must end with {wanted} (got {got!r})</source>
        <translation>{fmt} 출력 파일 이름은 {wanted}(으)로 끝나야 합니다 (입력: {got!r})</translation>
    </message>
    <message>
        <source>the folder {folder} does not exist</source>
        <translation>폴더가 없습니다: {folder}</translation>
    </message>
    <message>
        <source>the time range must lie within the recorded {start:.2f} to {end:.2f} s and not be empty (got {a} to {b})</source>
        <translation>시간 범위는 기록된 {start:.2f}초부터 {end:.2f}초 사이에 있어야 하고 비어 있으면 안 됩니다 (입력: {a}부터 {b}까지)</translation>
    </message>
    <message>
        <source>{path} is a folder, not a file</source>
        <translation>파일이 아니라 폴더입니다: {path}</translation>
    </message>
    <message>
        <source>{fmt} is not an animation format (choose from gif, apng, mp4)</source>
        <translation>애니메이션 형식이 아닙니다: {fmt} (GIF, APNG, MP4 중에서 고르세요)</translation>
    </message>
    <message>
        <source>size must be from {lo} to {hi} pixels a side (got {w}x{h})</source>
        <translation>크기는 한 변이 {lo}부터 {hi}픽셀까지여야 합니다 (입력: {w}x{h})</translation>
    </message>
    <message>
        <source>cannot use the output {path}: {reason}</source>
        <translation>출력 경로 {path}을(를) 쓸 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>cannot write to the folder {folder}: {reason}</source>
        <translation>폴더에 쓸 수 없습니다: {folder} ({reason})</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export animation</source>
        <translation>애니메이션 내보내기</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>시간 범위</translation>
    </message>
    <message>
        <source>Frames per second</source>
        <translation>초당 프레임 수</translation>
    </message>
    <message>
        <source>Size (pixels)</source>
        <translation>크기(픽셀)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <source>Include the caption under the picture</source>
        <translation>그림 아래에 설명 문장 넣기</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Frames come from the run recorded so far: {start:.2f} to {end:.2f} s</source>
        <translation>지금까지 기록된 실행에서 프레임을 만듭니다: {start:.2f} ~ {end:.2f}초</translation>
    </message>
    <message>
        <source>Width x height; the picture keeps 16:9 and is centred</source>
        <translation>너비 x 높이. 그림은 16:9 비율을 유지하며 가운데에 놓입니다</translation>
    </message>
    <message>
        <source>MP4 needs the ffmpeg package: {hint}</source>
        <translation>MP4로 내보내려면 ffmpeg 패키지가 필요합니다: {hint}</translation>
    </message>
    <message>
        <source>{frames} frames, {seconds:.2f} s of the recorded {total:.2f} s</source>
        <translation>기록된 {total:.2f}초 중 {seconds:.2f}초, {frames}프레임</translation>
    </message>
    <message>
        <source>Rendering frames…</source>
        <translation>프레임을 그리는 중…</translation>
    </message>
    <message>
        <source>Writing the file…</source>
        <translation>파일을 쓰는 중…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Cancelled; no file was written.</source>
        <translation>취소했습니다. 파일은 쓰지 않았습니다.</translation>
    </message>
    <message>
        <source>Export failed: {error}</source>
        <translation>내보내기 실패: {error}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>저장함: {path}</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>These keys work anywhere in the main window. Every one is also in a menu.</source>
        <translation>이 키들은 메인 창 어디에서나 작동합니다. 모두 메뉴에도 있습니다.</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Scenes</source>
        <translation>장면</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>프리셋</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>The code that runs</source>
        <translation>실제로 실행되는 코드</translation>
    </message>
    <message>
        <source>Each scene runs real concurrent code</source>
        <translation>장면마다 실제 동시성 코드를 실행합니다</translation>
    </message>
    <message>
        <source>Variants of the scene&apos;s code</source>
        <translation>장면 코드의 여러 변형</translation>
    </message>
    <message>
        <source>Highlighted: the line each task is on, in the task&apos;s colour</source>
        <translation>강조된 줄: 각 태스크가 지금 있는 줄(태스크 색)</translation>
    </message>
    <message>
        <source>How long the running code kept the app&apos;s event loop from doing anything else in this run (the app&apos;s own drawing not counted)</source>
        <translation>이번 실행에서 실행 중인 코드가 앱의 이벤트 루프를 붙잡아 다른 일을 못 하게 한 시간입니다(앱이 화면을 그린 시간은 빼고 잽니다)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>재생(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Save screenshot…</source>
        <translation>스크린샷 저장…</translation>
    </message>
    <message>
        <source>Export animation…</source>
        <translation>애니메이션 내보내기…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <source>Play/Pause</source>
        <translation>재생/일시정지</translation>
    </message>
    <message>
        <source>Step to next event</source>
        <translation>다음 이벤트로</translation>
    </message>
    <message>
        <source>Step back</source>
        <translation>이전 이벤트로</translation>
    </message>
    <message>
        <source>Restart run</source>
        <translation>처음부터 다시 실행</translation>
    </message>
    <message>
        <source>Go live</source>
        <translation>실시간으로</translation>
    </message>
    <message>
        <source>About</source>
        <translation>정보</translation>
    </message>
    <message>
        <source>Runs real concurrent Python code and animates what actually happens. Every number on screen is measured.</source>
        <translation>실제 동시성 파이썬 코드를 실행하고, 실제로 일어난 일을 애니메이션으로 보여줍니다. 화면의 모든 숫자는 측정값입니다.</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>저장함: {path}</translation>
    </message>
    <message>
        <source>Nothing has been recorded yet</source>
        <translation>아직 기록된 것이 없습니다</translation>
    </message>
    <message>
        <source>Measured by the running code itself, from its own start: a little less than the t above the picture, which counts from the start of the recording</source>
        <translation>실행 중인 코드가 자기 시작 시점부터 직접 측정한 값입니다. 기록이 시작된 때부터 세는 그림 위의 t보다 조금 작습니다</translation>
    </message>
</context>
<context>
    <name>PlaybackBar</name>
    <message>
        <source>Restart (R)</source>
        <translation>처음부터 다시 (R 키)</translation>
    </message>
    <message>
        <source>Step back (Left)</source>
        <translation>이전 이벤트로 (← 키)</translation>
    </message>
    <message>
        <source>Play/pause (Space)</source>
        <translation>재생/일시정지 (Space 키)</translation>
    </message>
    <message>
        <source>Step to the next event (Right)</source>
        <translation>다음 이벤트로 (→ 키)</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>실시간</translation>
    </message>
    <message>
        <source>Follow the newest recorded time</source>
        <translation>가장 최근에 기록된 시각을 따라갑니다</translation>
    </message>
    <message>
        <source>Drag to move through the recorded run</source>
        <translation>끌어서 기록된 실행을 앞뒤로 살펴봅니다</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>속도</translation>
    </message>
    <message>
        <source>Playback speed; the code itself always runs in real time</source>
        <translation>재생 속도. 코드 자체는 언제나 실제 시간으로 실행됩니다</translation>
    </message>
    <message>
        <source>last {span} kept</source>
        <translation>최근 {span} 보관 중</translation>
    </message>
    <message>
        <source>A long run keeps only its newest events so that memory stays bounded: the scrubber, stepping and exports reach back to {start:.2f} s.</source>
        <translation>오래 실행되면 메모리가 한없이 늘지 않도록 가장 최근 이벤트만 보관합니다. 타임라인 이동, 한 단계 이동, 내보내기는 {start:.2f}초까지만 거슬러 갈 수 있습니다.</translation>
    </message>
    <message>
        <source>Time shown / time recorded. t counts from the start of the recording; the elapsed times a scene measures count from when its code started, a little later</source>
        <translation>보이는 시각 / 기록된 시간. t는 기록이 시작된 때부터 셉니다. 장면이 측정하는 경과 시간은 코드가 시작된 때(조금 뒤)부터 셉니다</translation>
    </message>
    <message>
        <source>{t:.2f} / {end:.2f} s</source>
        <translation>{t:.2f} / {end:.2f}초</translation>
    </message>
</context>
<context>
    <name>QueueScene</name>
    <message>
        <source>Message queue</source>
        <translation>메시지 큐</translation>
    </message>
    <message>
        <source>Producers put messages on a queue, workers take them, work and acknowledge; the user need not wait for the slow part.</source>
        <translation>생산자가 메시지를 큐에 넣으면 워커(소비자)가 꺼내 처리하고 확인 응답(ack)을 보냅니다. 사용자는 느린 부분을 기다리지 않아도 됩니다.</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>브로커</translation>
    </message>
    <message>
        <source>Redis URL</source>
        <translation>Redis URL</translation>
    </message>
    <message>
        <source>Requests per second</source>
        <translation>초당 요청 수</translation>
    </message>
    <message>
        <source>Arrivals</source>
        <translation>요청 도착 방식</translation>
    </message>
    <message>
        <source>Workers (consumers)</source>
        <translation>워커(소비자) 수</translation>
    </message>
    <message>
        <source>Processing time per message</source>
        <translation>메시지당 처리 시간</translation>
    </message>
    <message>
        <source>Processing time jitter (±)</source>
        <translation>처리 시간 흔들림(±)</translation>
    </message>
    <message>
        <source>When the queue is full</source>
        <translation>큐가 가득 찼을 때</translation>
    </message>
    <message>
        <source>Queue capacity</source>
        <translation>큐 용량</translation>
    </message>
    <message>
        <source>Worker crash chance per job</source>
        <translation>작업당 워커 비정상 종료 확률</translation>
    </message>
    <message>
        <source>Max delivery attempts</source>
        <translation>최대 전달 시도 횟수</translation>
    </message>
    <message>
        <source>Friends per post (fan-out)</source>
        <translation>게시글당 친구 수(팬아웃)</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>난수 시드</translation>
    </message>
    <message>
        <source>Password reset email (queue)</source>
        <translation>비밀번호 찾기 이메일(큐 사용)</translation>
    </message>
    <message>
        <source>The handler puts the email on a queue and answers at once; email workers send it later. The queue keeps each message until a worker acknowledges it, but does not promise when that will be.</source>
        <translation>핸들러는 이메일을 큐에 넣고 바로 응답합니다. 이메일 워커가 나중에 보냅니다. 큐는 워커가 확인 응답할 때까지 메시지를 보관하지만, 그게 언제일지는 보장하지 않습니다.</translation>
    </message>
    <message>
        <source>Password reset email, no queue</source>
        <translation>비밀번호 찾기 이메일(큐 없음)</translation>
    </message>
    <message>
        <source>The handler sends the email itself: the user waits for the mail server, and a crash means an error page and no retry.</source>
        <translation>핸들러가 이메일을 직접 보냅니다. 사용자는 메일 서버를 기다려야 하고, 도중에 죽으면 오류 페이지가 뜨고 재시도도 없습니다.</translation>
    </message>
    <message>
        <source>New post: notify friends (queue)</source>
        <translation>게시글 등록: 친구 알림(큐 사용)</translation>
    </message>
    <message>
        <source>Save the post, look up the friends, put one notification per friend on the queue and answer. Workers send the notifications.</source>
        <translation>게시글을 저장하고 친구 목록을 조회한 뒤, 친구마다 알림을 하나씩 큐에 넣고 응답합니다. 알림은 워커가 보냅니다.</translation>
    </message>
    <message>
        <source>New post: notify friends, no queue</source>
        <translation>게시글 등록: 친구 알림(큐 없음)</translation>
    </message>
    <message>
        <source>The handler notifies every friend itself, one after another, before it answers: the more friends, the longer the user waits.</source>
        <translation>핸들러가 응답하기 전에 모든 친구에게 하나씩 직접 알립니다. 친구가 많을수록 사용자는 오래 기다립니다.</translation>
    </message>
    <message>
        <source>Redis: messages go through a stream with a consumer group, and the workers are separate processes, here or on other machines</source>
        <translation>Redis: 메시지가 컨슈머 그룹이 있는 스트림을 지나가고, 워커는 이 컴퓨터나 다른 컴퓨터의 별도 프로세스입니다</translation>
    </message>
    <message>
        <source>redis://[:PASSWORD@]HOST:PORT/DB of the server the broker and workers share</source>
        <translation>브로커와 워커가 함께 쓰는 서버의 redis://[:비밀번호@]호스트:포트/DB</translation>
    </message>
    <message>
        <source>How many users send a request each second</source>
        <translation>매초 요청을 보내는 사용자 수</translation>
    </message>
    <message>
        <source>Real traffic comes in random bursts; evenly spaced is easier to follow</source>
        <translation>실제 트래픽은 무작위로 몰려옵니다. 일정한 간격이 눈으로 따라가기 쉽습니다</translation>
    </message>
    <message>
        <source>Workers taking messages off the queue; they join and leave while it runs</source>
        <translation>큐에서 메시지를 꺼내는 워커 수. 실행 중에도 늘리고 줄일 수 있습니다</translation>
    </message>
    <message>
        <source>How long sending one email or notification takes</source>
        <translation>이메일이나 알림 하나를 보내는 데 걸리는 시간</translation>
    </message>
    <message>
        <source>Each job takes the processing time plus or minus up to this much, at random</source>
        <translation>작업마다 처리 시간에 이만큼까지 무작위로 더하거나 뺍니다</translation>
    </message>
    <message>
        <source>A bounded queue either makes producers wait (backpressure) or refuses messages</source>
        <translation>크기가 정해진 큐는 생산자를 기다리게 하거나(백프레셔) 메시지를 거절합니다</translation>
    </message>
    <message>
        <source>Most messages waiting in the queue; messages a worker holds do not count</source>
        <translation>큐에서 기다릴 수 있는 최대 메시지 수. 워커가 처리 중인 메시지는 세지 않습니다</translation>
    </message>
    <message>
        <source>Chance that the process doing a job dies halfway, before acknowledging</source>
        <translation>작업하던 프로세스가 확인 응답 전에 도중에 죽을 확률</translation>
    </message>
    <message>
        <source>After this many crashed attempts a message goes to the dead-letter queue</source>
        <translation>이만큼 시도가 실패하면 메시지는 데드 레터 큐로 갑니다</translation>
    </message>
    <message>
        <source>Notifications one new post sends (post presets)</source>
        <translation>새 게시글 하나가 보내는 알림 수(게시글 프리셋)</translation>
    </message>
    <message>
        <source>Same seed, same arrivals, job times and crashes (timing is still real)</source>
        <translation>시드가 같으면 도착, 작업 시간, 비정상 종료가 같습니다(시간은 여전히 실제로 잽니다)</translation>
    </message>
    <message>
        <source>Starting: users are about to send requests.</source>
        <translation>시작: 사용자들이 곧 요청을 보냅니다.</translation>
    </message>
    <message>
        <source>Users get an answer after {resp} (p50); the email itself goes out {deliv} after the request, sent by a worker.</source>
        <translation>사용자는 {resp}(p50) 뒤에 응답을 받습니다. 이메일은 요청 {deliv} 뒤에 워커가 보냅니다.</translation>
    </message>
    <message>
        <source>Run over: {produced} jobs done by handlers themselves, {failed} failed with an error page and were not retried.</source>
        <translation>실행 끝: 핸들러가 직접 처리한 작업 {produced}개, 오류 페이지로 실패하고 재시도되지 않은 작업 {failed}개.</translation>
    </message>
    <message>
        <source>No queue: the handler sends the email itself, so each user waits {resp} (p50) for the page. {n} users are waiting now.</source>
        <translation>큐 없음: 핸들러가 이메일을 직접 보내므로 사용자마다 페이지를 {resp}(p50) 기다립니다. 지금 {n}명이 기다리는 중.</translation>
    </message>
    <message>
        <source>The scene&apos;s code failed: {error}</source>
        <translation>장면의 코드가 실패했습니다: {error}</translation>
    </message>
    <message>
        <source>The queue is full ({capacity}): {n} producers wait for room, and their users wait with them. That is backpressure.</source>
        <translation>큐가 가득 찼습니다({capacity}). 생산자 {n}개가 자리가 나기를 기다리고, 그 사용자들도 함께 기다립니다. 이것이 백프레셔입니다.</translation>
    </message>
    <message>
        <source>Backlog growing: {arriving:.1f} messages/s arrive, {workers} workers finish {finishing:.1f}/s. {waiting} wait, kept safe, but the queue does not promise when a worker will take them.</source>
        <translation>밀린 메시지가 늘어납니다: 초당 {arriving:.1f}개가 도착하고 워커 {workers}개가 초당 {finishing:.1f}개를 끝냅니다. {waiting}개가 안전하게 보관된 채 기다리지만, 큐는 워커가 언제 가져갈지 보장하지 않습니다.</translation>
    </message>
    <message>
        <source>The backlog is draining: {workers} workers finish {finishing:.1f} messages/s while {arriving:.1f}/s arrive. {waiting} still waiting.</source>
        <translation>밀린 메시지가 줄어듭니다: 초당 {arriving:.1f}개가 도착하는 동안 워커 {workers}개가 초당 {finishing:.1f}개를 끝냅니다. 아직 {waiting}개가 기다립니다.</translation>
    </message>
    <message>
        <source>Each request becomes a message on the queue; {workers} workers take them one at a time and acknowledge when done.</source>
        <translation>요청마다 큐에 메시지가 하나씩 들어갑니다. 워커 {workers}개가 하나씩 꺼내 처리하고, 끝나면 확인 응답(ack)을 보냅니다.</translation>
    </message>
    <message>
        <source>Users see &quot;posted&quot; after {resp} (p50); their friends are notified {deliv} after the request, by the workers.</source>
        <translation>사용자는 {resp}(p50) 뒤에 &quot;등록됨&quot;을 봅니다. 친구들은 요청 {deliv} 뒤에 워커를 통해 알림을 받습니다.</translation>
    </message>
    <message>
        <source>Run over: {produced} messages produced, {acked} acknowledged, {dead} in the dead-letter queue. None lost.</source>
        <translation>실행 끝: 생산된 메시지 {produced}개, 확인 응답 {acked}개, 데드 레터 큐 {dead}개. 잃어버린 메시지는 없습니다.</translation>
    </message>
    <message>
        <source>No queue: each request handler does the slow job itself before it answers. {n} users are waiting for a page.</source>
        <translation>큐 없음: 요청 핸들러마다 응답하기 전에 느린 작업을 직접 합니다. {n}명이 페이지를 기다리는 중.</translation>
    </message>
    <message>
        <source>No queue: the handler notifies {friends} friends one after another before it answers, so each user waits {resp} (p50). {n} users are waiting now.</source>
        <translation>큐 없음: 핸들러가 응답하기 전에 친구 {friends}명에게 차례로 알리므로 사용자마다 {resp}(p50) 기다립니다. 지금 {n}명이 기다리는 중.</translation>
    </message>
    <message>
        <source>Response p50/p95</source>
        <translation>응답 시간 p50/p95</translation>
    </message>
    <message>
        <source>Delivery p50/p95</source>
        <translation>전달 시간 p50/p95</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>처리량</translation>
    </message>
    <message>
        <source>Arriving</source>
        <translation>도착</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>Redelivered</source>
        <translation>재전달</translation>
    </message>
    <message>
        <source>Dead-lettered</source>
        <translation>데드 레터</translation>
    </message>
    <message>
        <source>in-process (nothing to install)</source>
        <translation>프로세스 내부 (설치할 것 없음)</translation>
    </message>
    <message>
        <source>Redis Streams (a real server)</source>
        <translation>Redis Streams (실제 서버)</translation>
    </message>
    <message>
        <source>random (Poisson)</source>
        <translation>무작위(푸아송)</translation>
    </message>
    <message>
        <source>evenly spaced</source>
        <translation>일정한 간격</translation>
    </message>
    <message>
        <source>never full (unbounded)</source>
        <translation>가득 차지 않음(무제한)</translation>
    </message>
    <message>
        <source>producer waits for room</source>
        <translation>생산자가 자리를 기다림</translation>
    </message>
    <message>
        <source>reject: user gets 503</source>
        <translation>거절: 사용자는 503을 받음</translation>
    </message>
    <message>
        <source>{label} failed {attempts} times, the maximum: it moved to the dead-letter queue, where a person can look at it. It is not lost.</source>
        <translation>{label}: 최대 횟수인 {attempts}번 실패해서 데드 레터 큐로 옮겨졌습니다. 사람이 나중에 살펴볼 수 있습니다. 잃어버린 것이 아닙니다.</translation>
    </message>
    <message>
        <source>{worker} crashed while working on {label}, before acknowledging it: the queue still has it and delivers it again (attempt {next} of {max}).</source>
        <translation>{worker}: {label} 처리 중 확인 응답 전에 비정상 종료했습니다. 큐에 메시지가 그대로 있어 다시 전달합니다(시도 {next}/{max}).</translation>
    </message>
    <message>
        <source>The handler crashed while working on {label}: the user got an error page (500), and nobody will try again.</source>
        <translation>핸들러가 {label} 처리 중에 비정상 종료했습니다. 사용자는 오류 페이지(500)를 받았고, 아무도 다시 시도하지 않습니다.</translation>
    </message>
    <message>
        <source>The queue is full ({capacity}): it rejected {label}, and the user was told &quot;503, try again later&quot;. {n} rejected so far.</source>
        <translation>큐가 가득 찼습니다({capacity}). {label} 메시지를 거절했고, 사용자는 &quot;503, 나중에 다시 시도하세요&quot;를 받았습니다. 지금까지 거절: {n}개.</translation>
    </message>
    <message>
        <source>Redis: XLEN · lag · XPENDING · dead</source>
        <translation>Redis: XLEN · 대기 · XPENDING · 데드 레터</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>거절됨</translation>
    </message>
    <message>
        <source>Failed (500)</source>
        <translation>실패(500)</translation>
    </message>
    <message>
        <source>Little&apos;s law L vs λ·W</source>
        <translation>리틀의 법칙 L 대 λ·W</translation>
    </message>
    <message>
        <source>The Redis server at {url} went away: the scene is paused and tries again every second. Nothing is lost: a message stays in the stream until a worker acknowledges it.</source>
        <translation>{url}의 Redis 서버가 사라졌습니다: 장면을 멈추고 1초마다 다시 연결을 시도합니다. 잃어버리는 것은 없습니다: 메시지는 워커가 확인(ack)할 때까지 스트림에 남아 있습니다.</translation>
    </message>
    <message>
        <source>Redis at {url} answered with an error: {error}</source>
        <translation>{url}의 Redis가 오류로 답했습니다: {error}</translation>
    </message>
    <message>
        <source>Redis at {url} refused the password (or wants one). Put it in the URL: redis://:PASSWORD@host:6379/0.</source>
        <translation>{url}의 Redis가 비밀번호를 거부했습니다(또는 비밀번호가 필요합니다). URL에 넣으세요: redis://:비밀번호@host:6379/0.</translation>
    </message>
    <message>
        <source>No Redis server answers at {url}. Start one (sudo apt-get install redis-server) or switch the broker to in-process. Trying again every second.</source>
        <translation>{url}에서 응답하는 Redis 서버가 없습니다. 서버를 시작하거나(sudo apt-get install redis-server) 브로커를 프로세스 내부로 바꾸세요. 1초마다 다시 시도합니다.</translation>
    </message>
    <message>
        <source>Broker mode needs the redis package: pip install redis</source>
        <translation>브로커 모드에는 redis 패키지가 필요합니다: pip install redis</translation>
    </message>
    <message>
        <source>Not a Redis URL: {url} ({error}); try {example}</source>
        <translation>Redis URL이 아닙니다: {url} ({error}); 예: {example}</translation>
    </message>
    <message>
        <source>request arrived</source>
        <translation>요청 도착</translation>
    </message>
    <message>
        <source>database: reset token</source>
        <translation>데이터베이스: 재설정 토큰</translation>
    </message>
    <message>
        <source>database: save post</source>
        <translation>데이터베이스: 게시글 저장</translation>
    </message>
    <message>
        <source>database: find friends</source>
        <translation>데이터베이스: 친구 조회</translation>
    </message>
    <message>
        <source>L: average number in the system over time; λ: arrivals per second; W: average time in the system of messages that left. They agree when the backlog is steady.</source>
        <translation>L: 시간에 따른 시스템 안의 평균 메시지 수, λ: 초당 도착 수, W: 시스템을 떠난 메시지가 머문 평균 시간. 밀린 양이 일정하면 두 값이 같아집니다.</translation>
    </message>
    <message>
        <source>killed (SIGKILL) · its messages stay pending</source>
        <translation>강제 종료됨(SIGKILL) · 메시지는 확인 대기로 남음</translation>
    </message>
    <message>
        <source>t = {t:.2f} s · {n} requests so far</source>
        <translation>t = {t:.2f}초 · 지금까지 요청 {n}개</translation>
    </message>
    <message>
        <source>RESPONSES (what users got)</source>
        <translation>응답(사용자가 받은 것)</translation>
    </message>
    <message>
        <source>dashed ↻n = retry · ✕ = dead letter</source>
        <translation>점선 ↻n = 재시도 · ✕ = 데드 레터</translation>
    </message>
    <message>
        <source>no heartbeat · {n} pending, idle {s} · reclaimed at {r}</source>
        <translation>하트비트 없음 · {n}개 대기, 유휴 {s} · {r}에 회수</translation>
    </message>
    <message>
        <source>HANDLERS (producers) · {n} busy</source>
        <translation>핸들러(생산자) · {n}개 작업 중</translation>
    </message>
    <message>
        <source>does {label} · user waits {s}</source>
        <translation>{label} 처리 중 · 사용자 대기 {s}</translation>
    </message>
    <message>
        <source>blocked {s}, holds {label}</source>
        <translation>{s}째 막힘, {label} 보유</translation>
    </message>
    <message>
        <source>{n} producers wait for room (their users wait too)</source>
        <translation>생산자 {n}개가 자리를 기다림(그 사용자들도 기다림)</translation>
    </message>
    <message>
        <source>WORKERS (consumers) · {n}/{target}</source>
        <translation>워커(소비자) · {n}/{target}</translation>
    </message>
    <message>
        <source>NO QUEUE · {n} users waiting for a page</source>
        <translation>큐 없음 · 페이지를 기다리는 사용자 {n}명</translation>
    </message>
    <message>
        <source>for request {n}</source>
        <translation>요청 {n}의 작업</translation>
    </message>
    <message>
        <source>no job in progress</source>
        <translation>진행 중인 작업 없음</translation>
    </message>
    <message>
        <source>Redelivered · dead · rejected</source>
        <translation>재전달 · 데드 레터 · 거절</translation>
    </message>
    <message>
        <source>L {l:.2f} · λ {lam:.2f}/s · W: none has left yet</source>
        <translation>L {l:.2f} · λ {lam:.2f}/s · W: 아직 떠난 메시지 없음</translation>
    </message>
    <message>
        <source>← tail: new messages join here</source>
        <translation>← 꼬리: 새 메시지가 여기에 들어옴</translation>
    </message>
    <message>
        <source>No new requests: the run reached its size limit ({messages} messages, {requests} requests or 10 minutes). What is left is still finished.</source>
        <translation>새 요청 없음: 실행이 크기 한도(메시지 {messages}개, 요청 {requests}개 또는 10분)에 닿았습니다. 남은 것은 끝까지 처리됩니다.</translation>
    </message>
    <message>
        <source>head: next to be delivered →</source>
        <translation>머리: 다음에 전달될 메시지 →</translation>
    </message>
    <message>
        <source>Each handler notifies every friend itself before it answers. Each square is one user still waiting; the colour is how long.</source>
        <translation>핸들러마다 응답하기 전에 모든 친구에게 직접 알립니다. 네모 하나가 아직 기다리는 사용자 한 명이고, 색은 기다린 시간입니다.</translation>
    </message>
    <message>
        <source>Each handler sends the email itself before it answers. Each square is one user still waiting; the colour is how long.</source>
        <translation>핸들러마다 응답하기 전에 이메일을 직접 보냅니다. 네모 하나가 아직 기다리는 사용자 한 명이고, 색은 기다린 시간입니다.</translation>
    </message>
    <message>
        <source>PUSH SERVICE (slow) · {n} jobs</source>
        <translation>푸시 서비스(느림) · 작업 {n}개</translation>
    </message>
    <message>
        <source>MAIL SERVER (slow) · {n} jobs</source>
        <translation>메일 서버(느림) · 작업 {n}개</translation>
    </message>
    <message>
        <source>ACKNOWLEDGED ✓ {n}</source>
        <translation>확인 응답됨 ✓ {n}</translation>
    </message>
    <message>
        <source>DONE ✓ {n}</source>
        <translation>완료 ✓ {n}</translation>
    </message>
    <message>
        <source>failed every attempt; kept for a person to check</source>
        <translation>모든 시도가 실패함. 사람이 확인하도록 보관</translation>
    </message>
    <message>
        <source>the handler crashed; nobody retries</source>
        <translation>핸들러가 비정상 종료함. 아무도 재시도하지 않음</translation>
    </message>
    <message>
        <source>QUEUE DEPTH: waiting (area), at workers (line)</source>
        <translation>큐 길이: 대기 중(면적), 워커가 처리 중(선)</translation>
    </message>
    <message>
        <source>USERS WAITING FOR A PAGE (jobs in progress)</source>
        <translation>페이지를 기다리는 사용자(진행 중인 작업)</translation>
    </message>
    <message>
        <source>MEASURED FROM THIS RUN</source>
        <translation>이번 실행에서 측정한 값</translation>
    </message>
    <message>
        <source>{scene} · {preset}</source>
        <translation>{scene} · {preset}</translation>
    </message>
    <message>
        <source>no request in progress</source>
        <translation>진행 중인 요청 없음</translation>
    </message>
    <message>
        <source>published {done} of {total}</source>
        <translation>{total}개 중 {done}개 발행</translation>
    </message>
    <message>
        <source>request {n} → {status} after {s}</source>
        <translation>요청 {n} → {s} 뒤에 {status}</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>아직 없음</translation>
    </message>
    <message>
        <source>QUEUE · {n} waiting · unbounded</source>
        <translation>큐 · {n}개 대기 · 무제한</translation>
    </message>
    <message>
        <source>colour = age: 0 → {s}</source>
        <translation>색 = 기다린 시간: 0 → {s}</translation>
    </message>
    <message>
        <source>no producer is held back</source>
        <translation>막힌 생산자 없음</translation>
    </message>
    <message>
        <source>starting workers…</source>
        <translation>워커 시작 중…</translation>
    </message>
    <message>
        <source>crashed · restarting</source>
        <translation>비정상 종료 · 다시 시작 중</translation>
    </message>
    <message>
        <source>idle · leaving</source>
        <translation>유휴 · 떠나는 중</translation>
    </message>
    <message>
        <source>idle: waits for a message</source>
        <translation>유휴: 메시지를 기다림</translation>
    </message>
    <message>
        <source>leaving after this one</source>
        <translation>이번 것까지 하고 떠남</translation>
    </message>
    <message>
        <source>the worker said done: the queue forgets it</source>
        <translation>워커가 완료를 알림: 큐는 메시지를 지움</translation>
    </message>
    <message>
        <source>sent while the user waited</source>
        <translation>사용자가 기다리는 동안 보냄</translation>
    </message>
    <message>
        <source>REJECTED {n}</source>
        <translation>거절됨 {n}</translation>
    </message>
    <message>
        <source>queue full: never entered; the user got 503</source>
        <translation>큐가 가득 참: 들어가지 못했고 사용자는 503을 받음</translation>
    </message>
    <message>
        <source>nothing to reject without a queue</source>
        <translation>큐가 없으니 거절할 것도 없음</translation>
    </message>
    <message>
        <source>waiting in the queue: {n}</source>
        <translation>큐에서 대기 중: {n}</translation>
    </message>
    <message>
        <source>users waiting: {n}</source>
        <translation>기다리는 사용자: {n}</translation>
    </message>
    <message>
        <source>User waits for the page</source>
        <translation>사용자가 페이지를 기다린 시간</translation>
    </message>
    <message>
        <source>Job done after the request</source>
        <translation>요청부터 작업 완료까지</translation>
    </message>
    <message>
        <source>p50 {a} · p95 {b}</source>
        <translation>p50 {a} · p95 {b}</translation>
    </message>
    <message>
        <source>produced {p} = acked {a} + waiting {w} + at workers {f} + dead {d}</source>
        <translation>생산 {p} = 확인 응답 {a} + 대기 {w} + 워커 처리 중 {f} + 데드 레터 {d}</translation>
    </message>
    <message>
        <source>produced {p} = done {a} + in progress {f} + failed {x}</source>
        <translation>생산 {p} = 완료 {a} + 진행 중 {f} + 실패 {x}</translation>
    </message>
    <message>
        <source>+{n} more handlers busy</source>
        <translation>외 핸들러 {n}개 작업 중</translation>
    </message>
    <message>
        <source>request {n}</source>
        <translation>요청 {n}</translation>
    </message>
    <message>
        <source>QUEUE · {n} of {cap} · full: producers wait</source>
        <translation>큐 · {cap}개 중 {n}개 · 가득 차면 생산자가 기다림</translation>
    </message>
    <message>
        <source>QUEUE · {n} of {cap} · full: rejects</source>
        <translation>큐 · {cap}개 중 {n}개 · 가득 차면 거절</translation>
    </message>
    <message>
        <source>+{n} more waiting (not drawn)</source>
        <translation>외 {n}개 대기 중(그리지 않음)</translation>
    </message>
    <message>
        <source>empty: every message has been taken by a worker</source>
        <translation>비어 있음: 모든 메시지를 워커가 가져감</translation>
    </message>
    <message>
        <source>{n} messages rejected: those users got 503</source>
        <translation>메시지 {n}개 거절: 그 사용자들은 503을 받음</translation>
    </message>
    <message>
        <source>working {s}</source>
        <translation>처리 중 {s}</translation>
    </message>
    <message>
        <source>leaving</source>
        <translation>떠나는 중</translation>
    </message>
    <message>
        <source>+{n} more jobs</source>
        <translation>외 작업 {n}개</translation>
    </message>
    <message>
        <source>DEAD LETTERS ✕ {n}</source>
        <translation>데드 레터 ✕ {n}</translation>
    </message>
    <message>
        <source>FAILED: ERROR PAGE {n}</source>
        <translation>실패: 오류 페이지 {n}</translation>
    </message>
    <message>
        <source>{n} workers</source>
        <translation>워커 {n}개</translation>
    </message>
    <message>
        <source>capacity {n}</source>
        <translation>용량 {n}</translation>
    </message>
    <message>
        <source>held by workers: {n}</source>
        <translation>워커가 처리 중: {n}</translation>
    </message>
    <message>
        <source>{out:.1f}/s done · {inn:.1f}/s arriving</source>
        <translation>초당 {out:.1f}개 완료 · 초당 {inn:.1f}개 도착</translation>
    </message>
    <message>
        <source>{r} · {d} · {j}</source>
        <translation>{r} · {d} · {j}</translation>
    </message>
    <message>
        <source>Little&apos;s law: L = λ·W</source>
        <translation>리틀의 법칙: L = λ·W</translation>
    </message>
    <message>
        <source>measuring…</source>
        <translation>측정 중…</translation>
    </message>
    <message>
        <source>L {l:.2f} vs λ·W = {lam:.2f}/s × {w} = {rhs:.2f}</source>
        <translation>L {l:.2f} 대 λ·W = {lam:.2f}/s × {w} = {rhs:.2f}</translation>
    </message>
</context>
<context>
    <name>ScreenshotDialog</name>
    <message>
        <source>Save screenshot</source>
        <translation>스크린샷 저장</translation>
    </message>
    <message>
        <source>The picture only</source>
        <translation>그림만</translation>
    </message>
    <message>
        <source>The whole window</source>
        <translation>창 전체</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Window scale</source>
        <translation>창 배율</translation>
    </message>
    <message>
        <source>Picture size</source>
        <translation>그림 크기</translation>
    </message>
    <message>
        <source>Include the caption under the picture</source>
        <translation>그림 아래에 설명 문장 넣기</translation>
    </message>
    <message>
        <source>Slide sizes; the picture keeps 16:9 and is centred</source>
        <translation>슬라이드 크기입니다. 그림은 16:9 비율을 지키며 가운데에 놓입니다</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>2x doubles the pixels, for sharp slides and print</source>
        <translation>2x는 픽셀 수를 두 배로 늘려 슬라이드와 인쇄에서 선명합니다</translation>
    </message>
</context>
<context>
    <name>ScriptActions</name>
    <message>
        <source>Python files</source>
        <translation>파이썬 파일</translation>
    </message>
    <message>
        <source>Session files</source>
        <translation>세션 파일</translation>
    </message>
    <message>
        <source>Open a Python script or a session</source>
        <translation>파이썬 스크립트나 세션 열기</translation>
    </message>
    <message>
        <source>An example is open: File → Open script… opens your own.</source>
        <translation>예제가 열렸습니다. 내 스크립트는 파일 → 스크립트 열기…로 엽니다.</translation>
    </message>
    <message>
        <source>Cannot open the script: {reason}</source>
        <translation>스크립트를 열 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>Open script…</source>
        <translation>스크립트 열기…</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>예제</translation>
    </message>
    <message>
        <source>Stop the script</source>
        <translation>스크립트 멈추기</translation>
    </message>
    <message>
        <source>Script output</source>
        <translation>스크립트 출력</translation>
    </message>
</context>
<context>
    <name>ScriptScene</name>
    <message>
        <source>The script ended without running any asyncio task.</source>
        <translation>스크립트가 asyncio 태스크를 하나도 실행하지 않고 끝났습니다.</translation>
    </message>
    <message>
        <source>Your script failed: {error}</source>
        <translation>스크립트가 실패했습니다: {error}</translation>
    </message>
    <message>
        <source>Recording stopped at {t:.3f} s: too many events. The script ran on; not shown.</source>
        <translation>{t:.3f}초에서 기록을 멈췄습니다: 이벤트가 너무 많습니다. 스크립트는 계속 실행됐지만 그 뒤는 보여 주지 않습니다.</translation>
    </message>
    <message>
        <source>Your code</source>
        <translation>내 코드</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>제한 시간</translation>
    </message>
    <message>
        <source>Events recorded at most</source>
        <translation>기록할 최대 이벤트 수</translation>
    </message>
    <message>
        <source>The script is stopped (killed) after this long.</source>
        <translation>이 시간이 지나면 스크립트를 멈춥니다(강제 종료).</translation>
    </message>
    <message>
        <source>After this many events the recording stops.</source>
        <translation>이벤트가 이만큼 쌓이면 기록을 멈춥니다.</translation>
    </message>
    <message>
        <source>{file}: runs in its own Python process, traced</source>
        <translation>{file}: 별도의 파이썬 프로세스에서 추적하며 실행</translation>
    </message>
    <message>
        <source>Run the file</source>
        <translation>파일 실행</translation>
    </message>
    <message>
        <source>The whole file runs as plain Python would run it, traced.</source>
        <translation>평범한 Python으로 실행할 때처럼 파일 전체를 추적하며 실행합니다.</translation>
    </message>
    <message>
        <source>{shown} of {n} tasks · {ready} ready · {waiting} waiting · {ended} ended</source>
        <translation>태스크 {n}개 중 {shown}개 표시 · 준비 {ready} · 대기 {waiting} · 끝남 {ended}</translation>
    </message>
    <message>
        <source>loop lag</source>
        <translation>루프 지연</translation>
    </message>
    <message>
        <source>worker thread {n}</source>
        <translation>워커 스레드 {n}</translation>
    </message>
    <message>
        <source>+{n} more lanes</source>
        <translation>외 레인 {n}개</translation>
    </message>
    <message>
        <source>recording cut here (too many events)</source>
        <translation>여기서 기록 중단(이벤트가 너무 많음)</translation>
    </message>
    <message>
        <source>+{n} more</source>
        <translation>외 {n}개</translation>
    </message>
    <message>
        <source>{group}: {n} live</source>
        <translation>{group}: {n}개 진행</translation>
    </message>
</context>
<context>
    <name>ServerScene</name>
    <message>
        <source>Synchronous and blocking: each worker waits {slow} for the database, {busy} of {workers} busy. {answered} answered of at most {cap}; p95 latency {p95}.</source>
        <translation>동기·블로킹: 워커마다 데이터베이스를 {slow} 기다립니다. {workers}개 중 {busy}개가 일하는 중. 최대 {cap} 중 {answered} 응답, p95 지연 {p95}.</translation>
    </message>
    <message>
        <source>The scene&apos;s code failed: {error}</source>
        <translation>장면의 코드가 실패했습니다: {error}</translation>
    </message>
    <message>
        <source>Starting the server on a random port of 127.0.0.1…</source>
        <translation>127.0.0.1의 임의 포트에서 서버를 시작하는 중…</translation>
    </message>
    <message>
        <source>Run over: {sent} requests, {answered} answered correctly, {timeouts} timed out, {wrong} wrong answers.</source>
        <translation>실행 끝: 요청 {sent}개, 올바른 응답 {answered}개, 시간 초과 {timeouts}개, 틀린 응답 {wrong}개.</translation>
    </message>
    <message>
        <source>The client starts sending {rate} requests a second, whatever the server does.</source>
        <translation>클라이언트가 서버 상태와 상관없이 초당 {rate}개의 요청을 보내기 시작합니다.</translation>
    </message>
    <message>
        <source>The service has stopped working: the server is still busy, but with requests whose clients already gave up ({wasted} answers nobody read). Correct answers: {answered}.</source>
        <translation>서비스가 정상적으로 되지 못하는 상황입니다: 서버는 여전히 바쁘지만, 이미 포기한 클라이언트의 요청을 처리하고 있습니다(아무도 읽지 않은 응답 {wasted}개). 올바른 응답: {answered}.</translation>
    </message>
    <message>
        <source>A blocking call inside async def: the loop is stuck for {slow} on each request (loop lag up to {lag}), so nothing else runs. {answered} answered, {waiting} requests pile up.</source>
        <translation>async def 안의 블로킹 호출: 요청마다 이벤트 루프가 {slow} 동안 멈춰(루프 지연 최대 {lag}) 다른 일은 아무것도 실행되지 않습니다. {answered} 응답, 요청이 쌓인다: {waiting}개.</translation>
    </message>
    <message>
        <source>Answered 202 after {p50} (p50): the slow step waits in the message queue ({queued} jobs) and {workers} workers do it later, {jobs} done.</source>
        <translation>{p50}(p50) 만에 202로 응답: 느린 단계는 메시지 큐에서 기다리고({queued}개 작업) 워커 {workers}개가 나중에 처리합니다, {jobs} 완료.</translation>
    </message>
    <message>
        <source>Requests pile up: {offered} arrive, {workers} blocking threads answer at most {cap} (N/slow step). {waiting} wait for a free thread; p95 latency {p95}.</source>
        <translation>요청이 쌓인다: {offered} 도착하는데 블로킹 스레드 {workers}개는 최대 {cap}(N/느린 단계)만 응답합니다. {waiting}개가 빈 스레드를 기다림, p95 지연 {p95}.</translation>
    </message>
    <message>
        <source>Non-blocking: {inflight} requests await the database at once on one event loop; {answered} answered, p95 {p95}, loop lag {lag}.</source>
        <translation>논블로킹·비동기: 이벤트 루프 하나에서 요청 {inflight}개가 동시에 데이터베이스를 await합니다. {answered} 응답, p95 {p95}, 루프 지연 {lag}.</translation>
    </message>
    <message>
        <source>p50 latency</source>
        <translation>p50 지연</translation>
    </message>
    <message>
        <source>p95 latency</source>
        <translation>p95 지연</translation>
    </message>
    <message>
        <source>p99 latency</source>
        <translation>p99 지연</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>응답</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>보낸 요청</translation>
    </message>
    <message>
        <source>Theory (slow step)</source>
        <translation>이론값(느린 단계)</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>처리 중</translation>
    </message>
    <message>
        <source>Timeouts</source>
        <translation>시간 초과</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>Served too late</source>
        <translation>너무 늦게 처리됨</translation>
    </message>
    <message>
        <source>Requests pile up: {offered} arrive, but one blocking worker answers at most {cap} (1/slow step). {waiting} wait in the accept backlog; p95 latency {p95} and growing.</source>
        <translation>요청이 쌓인다: {offered} 도착하지만 블로킹 워커 하나는 최대 {cap}(1/느린 단계)만 응답합니다. {waiting}개가 accept 백로그에서 기다림, p95 지연 {p95}, 계속 늘어납니다.</translation>
    </message>
    <message>
        <source>Worst loop lag</source>
        <translation>최대 루프 지연</translation>
    </message>
    <message>
        <source>Jobs done later</source>
        <translation>나중에 끝난 작업</translation>
    </message>
    <message>
        <source>WAITING: accept backlog (kernel)</source>
        <translation>대기: accept 백로그(커널)</translation>
    </message>
    <message>
        <source>WAITING: queue of the thread pool</source>
        <translation>대기: 스레드 풀의 큐</translation>
    </message>
    <message>
        <source>WAITING: not yet on the loop</source>
        <translation>대기: 아직 루프에 오르지 않음</translation>
    </message>
    <message>
        <source>WAITING: behind the stuck loop</source>
        <translation>대기: 멈춘 루프 뒤</translation>
    </message>
    <message>
        <source>t = {t:.2f} s · 127.0.0.1:{port}</source>
        <translation>t = {t:.2f}초 · 127.0.0.1:{port}</translation>
    </message>
    <message>
        <source>CLIENT (httpx, open loop)</source>
        <translation>클라이언트(httpx, 개방 루프)</translation>
    </message>
    <message>
        <source>Poisson bursts</source>
        <translation>푸아송 버스트</translation>
    </message>
    <message>
        <source>Server under load</source>
        <translation>부하를 받는 서버</translation>
    </message>
    <message>
        <source>One CRUD service on a real HTTP server, five ways: blocking workers, a thread pool, async, a blocking call in async def, and a hand-off to the message queue.</source>
        <translation>실제 HTTP 서버 위의 CRUD 서비스 하나를 다섯 가지로: 블로킹 워커, 스레드 풀, 비동기, async def 안의 블로킹 호출, 메시지 큐로 넘기기.</translation>
    </message>
    <message>
        <source>Request rate</source>
        <translation>요청 속도</translation>
    </message>
    <message>
        <source>Arrivals</source>
        <translation>도착 방식</translation>
    </message>
    <message>
        <source>Slow step (database call)</source>
        <translation>느린 단계(데이터베이스 호출)</translation>
    </message>
    <message>
        <source>Worker threads (or queue workers)</source>
        <translation>워커 스레드(또는 큐 워커)</translation>
    </message>
    <message>
        <source>Reads in the mix</source>
        <translation>읽기 비율</translation>
    </message>
    <message>
        <source>Client timeout</source>
        <translation>클라이언트 타임아웃</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>난수 시드</translation>
    </message>
    <message>
        <source>Blocking, one worker</source>
        <translation>블로킹, 워커 하나</translation>
    </message>
    <message>
        <source>A synchronous, blocking server: one thread serves one request at a time. It answers at most 1/slow-step requests a second; the rest wait in the accept backlog.</source>
        <translation>동기·블로킹 서버: 스레드 하나가 한 번에 요청 하나를 처리합니다. 초당 최대 1/느린 단계만 응답하고, 나머지는 accept 백로그에서 기다립니다.</translation>
    </message>
    <message>
        <source>Blocking, a pool of worker threads</source>
        <translation>블로킹, 워커 스레드 풀</translation>
    </message>
    <message>
        <source>The same def app on N worker threads (a threaded WSGI server, or FastAPI&apos;s thread pool for def endpoints): at most N/slow-step requests a second.</source>
        <translation>같은 def 앱을 워커 스레드 N개로(스레드 WSGI 서버, 또는 def 엔드포인트를 위한 FastAPI의 스레드 풀): 초당 최대 N/느린 단계.</translation>
    </message>
    <message>
        <source>Async, slow step awaited</source>
        <translation>비동기, 느린 단계를 await</translation>
    </message>
    <message>
        <source>async def on uvicorn&apos;s event loop: while one request awaits the database, the loop serves the others (non-blocking).</source>
        <translation>uvicorn 이벤트 루프 위의 async def: 한 요청이 데이터베이스를 await하는 동안 루프는 다른 요청을 처리합니다(논블로킹).</translation>
    </message>
    <message>
        <source>Async, blocking call inside async def</source>
        <translation>비동기, async def 안의 블로킹 호출</translation>
    </message>
    <message>
        <source>The well-known outage: a blocking call inside async def holds the only loop, so every request waits and the server is as slow as one blocking worker.</source>
        <translation>잘 알려진 장애: async def 안의 블로킹 호출이 하나뿐인 루프를 붙잡아, 모든 요청이 기다리고 서버는 블로킹 워커 하나만큼 느려집니다.</translation>
    </message>
    <message>
        <source>Hand the slow step to the queue</source>
        <translation>느린 단계를 메시지 큐로 넘기기</translation>
    </message>
    <message>
        <source>The handler does the fast part, puts the slow step on the message queue scene&apos;s broker and answers 202 Accepted at once; the queue&apos;s workers do it later.</source>
        <translation>핸들러는 빠른 부분만 하고 느린 단계를 메시지 큐 장면의 브로커에 넣은 뒤 곧바로 202 Accepted로 응답합니다. 큐의 워커가 나중에 처리합니다.</translation>
    </message>
    <message>
        <source>Requests the client sends each second, answered or not</source>
        <translation>응답 여부와 상관없이 클라이언트가 초당 보내는 요청 수</translation>
    </message>
    <message>
        <source>Load tools send at a constant rate; real users arrive at random</source>
        <translation>부하 도구는 일정한 속도로 보내고, 실제 사용자는 무작위로 도착합니다</translation>
    </message>
    <message>
        <source>How long the database or e-mail call of every request takes</source>
        <translation>요청마다 하는 데이터베이스 또는 이메일 호출에 걸리는 시간</translation>
    </message>
    <message>
        <source>Threads of the pool server; in the hand-off mode, the queue&apos;s workers</source>
        <translation>풀 서버의 스레드 수. 큐로 넘기는 모드에서는 큐의 워커 수</translation>
    </message>
    <message>
        <source>Share of reads; the rest creates, updates and deletes</source>
        <translation>읽기의 비율. 나머지는 생성, 수정, 삭제</translation>
    </message>
    <message>
        <source>The client gives up on a request after this long</source>
        <translation>클라이언트가 이 시간이 지나면 요청을 포기합니다</translation>
    </message>
    <message>
        <source>Same seed, same arrivals and mix of operations</source>
        <translation>같은 시드면 같은 도착과 같은 작업 구성</translation>
    </message>
    <message>
        <source>constant rate</source>
        <translation>일정한 속도</translation>
    </message>
    <message>
        <source>{n} requests wait (redder: closer to the timeout)</source>
        <translation>요청 {n}개 대기(붉을수록 시간 초과에 가까움)</translation>
    </message>
    <message>
        <source>SERVER: wsgiref, one blocking worker</source>
        <translation>서버: wsgiref, 블로킹 워커 하나</translation>
    </message>
    <message>
        <source>SERVER: wsgiref + {n} worker threads</source>
        <translation>서버: wsgiref + 워커 스레드 {n}개</translation>
    </message>
    <message>
        <source>SERVER: uvicorn + Starlette, one event loop</source>
        <translation>서버: uvicorn + Starlette, 이벤트 루프 하나</translation>
    </message>
    <message>
        <source>SERVER: uvicorn, blocking call in async def</source>
        <translation>서버: uvicorn, async def 안의 블로킹 호출</translation>
    </message>
    <message>
        <source>SERVER: uvicorn → message queue → workers</source>
        <translation>서버: uvicorn → 메시지 큐 → 워커</translation>
    </message>
    <message>
        <source>theory: at most {cap} (slow step {slow})</source>
        <translation>이론: 최대 {cap} (느린 단계 {slow})</translation>
    </message>
    <message>
        <source>worker {n}</source>
        <translation>워커 {n}</translation>
    </message>
    <message>
        <source>ANSWERS (newest first)</source>
        <translation>응답(최신 순)</translation>
    </message>
    <message>
        <source>LATENCY p50 / p95 / p99 (histogram, per 0.5 s)</source>
        <translation>지연 p50 / p95 / p99 (히스토그램, 0.5초마다)</translation>
    </message>
    <message>
        <source>THROUGHPUT, requests/s, and the theory line</source>
        <translation>처리량(요청/초)과 이론선</translation>
    </message>
    <message>
        <source>IN FLIGHT, TIMEOUTS and ERRORS per 0.5 s</source>
        <translation>처리 중, 시간 초과, 오류(0.5초마다)</translation>
    </message>
    <message>
        <source>{scene} · {preset}</source>
        <translation>{scene} · {preset}</translation>
    </message>
    <message>
        <source>sent: {n}</source>
        <translation>보냄: {n}</translation>
    </message>
    <message>
        <source>in flight: {n}</source>
        <translation>처리 중: {n}</translation>
    </message>
    <message>
        <source>answered: {n}</source>
        <translation>응답: {n}</translation>
    </message>
    <message>
        <source>timed out: {n}</source>
        <translation>시간 초과: {n}</translation>
    </message>
    <message>
        <source>wrong or failed: {n}</source>
        <translation>틀림 또는 실패: {n}</translation>
    </message>
    <message>
        <source>timeout: {s}</source>
        <translation>타임아웃: {s}</translation>
    </message>
    <message>
        <source>reads: {n}%</source>
        <translation>읽기: {n}%</translation>
    </message>
    <message>
        <source>{n} requests wait, {hidden} not drawn</source>
        <translation>요청 {n}개 대기, {hidden}개는 그리지 않음</translation>
    </message>
    <message>
        <source>+{n} more on the loop</source>
        <translation>루프에 {n}개 더</translation>
    </message>
    <message>
        <source>message queue: {n} jobs waiting, {done} done later</source>
        <translation>메시지 큐: 작업 {n}개 대기, 나중에 {done}개 완료</translation>
    </message>
    <message>
        <source>theory: the workers do at most {cap} jobs</source>
        <translation>이론: 워커들은 최대 {cap} 작업을 처리</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>쉬는 중</translation>
    </message>
    <message>
        <source>#{n} · its client gave up (timed out)</source>
        <translation>#{n} · 클라이언트가 이미 포기함(시간 초과)</translation>
    </message>
    <message>
        <source>event loop BLOCKED by #{n} (lag {lag})</source>
        <translation>이벤트 루프가 #{n} 때문에 블로킹됨(지연 {lag})</translation>
    </message>
    <message>
        <source>event loop: {n} requests at once (lag {lag})</source>
        <translation>이벤트 루프: 요청 {n}개를 동시에(지연 {lag})</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>응답</translation>
    </message>
    <message>
        <source>offered</source>
        <translation>보낸 요청</translation>
    </message>
    <message>
        <source>theory</source>
        <translation>이론</translation>
    </message>
    <message>
        <source>in flight</source>
        <translation>처리 중</translation>
    </message>
    <message>
        <source>timeouts</source>
        <translation>시간 초과</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>jobs done</source>
        <translation>끝난 작업</translation>
    </message>
    <message>
        <source>{worker}: job #{msg}</source>
        <translation>{worker}: 작업 #{msg}</translation>
    </message>
    <message>
        <source>{worker}: idle</source>
        <translation>{worker}: 쉬는 중</translation>
    </message>
    <message>
        <source>{mark} #{n} {op} timed out after {s}</source>
        <translation>{mark} #{n} {op} {s} 후 시간 초과</translation>
    </message>
    <message>
        <source>{mark} #{n} {op} failed or wrong {status}</source>
        <translation>{mark} #{n} {op} 실패 또는 틀림 {status}</translation>
    </message>
</context>
<context>
    <name>SessionFiles</name>
    <message>
        <source>Only a script of your own can be saved as a session.</source>
        <translation>세션으로 저장할 수 있는 것은 직접 연 스크립트뿐입니다.</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>세션 저장</translation>
    </message>
    <message>
        <source>Session files</source>
        <translation>세션 파일</translation>
    </message>
    <message>
        <source>Cannot save the session: {reason}</source>
        <translation>세션을 저장할 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>Session saved to {path}</source>
        <translation>세션을 {path}에 저장했습니다</translation>
    </message>
    <message>
        <source>Cannot open the session: {reason}</source>
        <translation>세션을 열 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>Recorded run of {file}: the code runs again only when you press Restart (R).</source>
        <translation>{file}의 기록된 실행입니다. 코드는 처음부터 다시(R)를 눌러야만 다시 실행됩니다.</translation>
    </message>
    <message>
        <source>Save session…</source>
        <translation>세션 저장…</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Settings file {path} cannot be used ({why}); settings are kept for this run only</source>
        <translation>설정 파일 {path}을(를) 쓸 수 없습니다({why}). 설정은 이번 실행 동안만 유지됩니다</translation>
    </message>
    <message>
        <source>Settings file {path} cannot be written ({why}); changes will not be kept</source>
        <translation>설정 파일 {path}에 저장할 수 없습니다({why}). 바꾼 설정은 유지되지 않습니다</translation>
    </message>
</context>
<context>
    <name>SyncAsyncScene</name>
    <message>
        <source>Synchronous (동기): A waits for each result</source>
        <translation>동기: A가 결과마다 기다림</translation>
    </message>
    <message>
        <source>Asynchronous (비동기) with a callback</source>
        <translation>비동기: 콜백 사용</translation>
    </message>
    <message>
        <source>Asynchronous (비동기): start now, await later</source>
        <translation>비동기: 지금 시작하고 나중에 await</translation>
    </message>
    <message>
        <source>All {n} results arrived {total:.2f} s after the first call, measured. The B calls overlapped, so the total is about one B ({work:.2f} s) plus A&apos;s own work, not {n} × {work:.2f} s = {all_b:.2f} s (every B one after another).</source>
        <translation>결과 {n}개가 첫 호출 후 {total:.2f}초 만에 모두 도착했습니다(측정값). B 호출들이 겹쳐 실행됐으므로 전체 시간은 B 한 번({work:.2f}초)에 A 자신의 작업을 더한 정도입니다. B를 하나씩 차례로 실행했다면 {n} × {work:.2f}초 = {all_b:.2f}초가 걸렸을 것입니다.</translation>
    </message>
    <message>
        <source>B&apos;s work, all calls added up</source>
        <translation>B의 작업 시간, 모든 호출 합계</translation>
    </message>
    <message>
        <source>Sync vs Async</source>
        <translation>동기와 비동기</translation>
    </message>
    <message>
        <source>Synchronous or not is about waiting: does A wait for B&apos;s result, or start B and get the result later?</source>
        <translation>동기냐 비동기냐는 기다림의 문제입니다. A가 B의 결과를 기다릴까요, 아니면 B를 시작해 두고 결과는 나중에 받을까요?</translation>
    </message>
    <message>
        <source>B&apos;s work time</source>
        <translation>B의 작업 시간</translation>
    </message>
    <message>
        <source>Number of calls</source>
        <translation>호출 횟수</translation>
    </message>
    <message>
        <source>A&apos;s own work between calls</source>
        <translation>호출 사이 A 자신의 작업</translation>
    </message>
    <message>
        <source>Synchronous call</source>
        <translation>동기 호출</translation>
    </message>
    <message>
        <source>A calls B and waits for its result before doing anything else. A&apos;s frame stays under B&apos;s on the call stack; the total is about N × (B&apos;s work + A&apos;s work).</source>
        <translation>A가 B를 호출하고, 결과를 받을 때까지 다른 일은 하지 않고 기다립니다. 호출 스택에서 A의 프레임은 B의 프레임 아래에 머뭅니다. 전체 시간은 약 N × (B의 작업 + A의 작업)입니다.</translation>
    </message>
    <message>
        <source>Asynchronous: pass a callback</source>
        <translation>비동기: 콜백 함수 전달</translation>
    </message>
    <message>
        <source>A starts B on a worker thread, hands it on_result as a callback and carries on. When B is done, the callback runs on A&apos;s thread with the result: A never checks whether B has finished.</source>
        <translation>A가 워커 스레드에서 B를 시작하면서 콜백 함수 on_result를 함께 전달하고 하던 일을 계속합니다. B가 끝나면 콜백이 결과와 함께 A의 스레드에서 실행됩니다. A는 B가 끝났는지 확인하지 않습니다.</translation>
    </message>
    <message>
        <source>Asynchronous: start now, await later</source>
        <translation>비동기: 지금 시작하고 나중에 await</translation>
    </message>
    <message>
        <source>A starts every B without waiting for the answer, does its own work, and awaits the results at the end: it does other work while the answers are on their way.</source>
        <translation>A가 응답을 기다리지 않고 B를 모두 시작한 뒤 자기 일을 하고, 마지막에 결과를 await합니다. 응답을 받는 동안 다른 일을 처리할 수 있습니다.</translation>
    </message>
    <message>
        <source>A runs on its own thread: it starts B calls without waiting for them.</source>
        <translation>A는 자기 스레드에서 실행되며, B 호출을 기다리지 않고 시작합니다.</translation>
    </message>
    <message>
        <source>How long each call of B really works (time.sleep)</source>
        <translation>B를 한 번 호출할 때 실제로 일하는 시간(time.sleep)</translation>
    </message>
    <message>
        <source>How many times A calls B</source>
        <translation>A가 B를 호출하는 횟수</translation>
    </message>
    <message>
        <source>How long A works on its own after each call of B</source>
        <translation>B를 호출할 때마다 A가 그 뒤에 스스로 일하는 시간</translation>
    </message>
    <message>
        <source>Starting: A&apos;s thread is about to call B.</source>
        <translation>시작: A의 스레드가 곧 B를 호출합니다.</translation>
    </message>
    <message>
        <source>The run was stopped before every result arrived.</source>
        <translation>모든 결과가 오기 전에 실행이 멈췄습니다.</translation>
    </message>
    <message>
        <source>A runs on its thread and is about to call B.</source>
        <translation>A가 자기 스레드에서 실행 중이며 곧 B를 호출합니다.</translation>
    </message>
    <message>
        <source>The scene&apos;s code failed: {error}</source>
        <translation>장면의 코드가 실패했습니다: {error}</translation>
    </message>
    <message>
        <source>B #{call} has finished on its worker thread; its callback on_result now runs on A&apos;s thread with the result. {left} results still to come.</source>
        <translation>B #{call} 호출이 워커 스레드에서 끝났습니다. 이제 콜백 on_result가 결과와 함께 A의 스레드에서 실행됩니다. 아직 올 결과: {left}개.</translation>
    </message>
    <message>
        <source>A started B #{k} and did not wait for its answer: it does its own work while B runs on a worker thread (asynchronous). {running} B calls are working at once.</source>
        <translation>A가 B #{k} 호출을 시작하고 응답을 기다리지 않았습니다. B가 워커 스레드에서 실행되는 동안 A는 자기 일을 합니다(비동기). 지금 동시에 일하는 B 호출: {running}개.</translation>
    </message>
    <message>
        <source>A awaits the result of B #{call}: its coroutine is suspended, off the call stack, and A&apos;s thread is free. B&apos;s answer will resume it.</source>
        <translation>A가 B #{call}의 결과를 await합니다. A의 코루틴은 일시 중단되어 호출 스택에서 내려가고, A의 스레드는 자유로워집니다. B의 응답이 오면 다시 재개됩니다.</translation>
    </message>
    <message>
        <source>A has already returned. A&apos;s thread waits idle in its event loop for the callbacks: {left} results still to come.</source>
        <translation>A는 이미 반환했습니다. A의 스레드는 이벤트 루프에서 쉬면서 콜백을 기다립니다. 아직 올 결과: {left}개.</translation>
    </message>
    <message>
        <source>All {n} calls took {total:.2f} s, measured: about {n} × ({work:.2f} s + {own:.2f} s), because A waited for every result before going on.</source>
        <translation>호출 {n}번에 {total:.2f}초가 걸렸습니다(측정값). A가 결과마다 기다린 뒤에야 다음으로 넘어갔기 때문에 약 {n} × ({work:.2f}초 + {own:.2f}초)입니다.</translation>
    </message>
    <message>
        <source>Measured total</source>
        <translation>측정한 전체 시간</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>B calls at once now</source>
        <translation>지금 동시에 실행 중인 B 호출</translation>
    </message>
    <message>
        <source>A called B #{call} and waits: A&apos;s frame sits under B&apos;s on the call stack, and nothing else runs on A&apos;s thread until B returns its result (synchronous). {s:.2f} s so far.</source>
        <translation>A가 B를 호출(#{call})하고 기다립니다. 호출 스택에서 A의 프레임은 B의 프레임 아래에 있고, B가 결과를 반환할 때까지 A의 스레드에서는 다른 아무것도 실행되지 않습니다(동기). 지금까지 {s:.2f}초.</translation>
    </message>
    <message>
        <source>B returned result {k} to A, and only now does A go on: it does its own work before the next call.</source>
        <translation>B가 A에게 {k}번째 결과를 반환했고, 이제야 A가 다음으로 넘어갑니다. 다음 호출 전에 자기 일을 합니다.</translation>
    </message>
    <message>
        <source>A started B #{k} on a worker thread, handed it on_result as the callback, and went straight on with its own work: A does not wait (asynchronous). {running} B calls are working at once.</source>
        <translation>A가 워커 스레드에서 B #{k} 호출을 시작하면서 콜백 on_result를 넘기고 곧바로 자기 일을 이어 갔습니다. A는 기다리지 않습니다(비동기). 지금 동시에 일하는 B 호출: {running}개.</translation>
    </message>
    <message>
        <source>{n} × {work} = {s}</source>
        <translation>{n} × {work} = {s}</translation>
    </message>
    <message>
        <source>{s} so far</source>
        <translation>지금까지 {s}</translation>
    </message>
    <message>
        <source>t = {t:.2f} s</source>
        <translation>t = {t:.2f}초</translation>
    </message>
    <message>
        <source>measured total {s:.3f} s</source>
        <translation>측정한 전체 시간 {s:.3f}초</translation>
    </message>
    <message>
        <source>CALL STACKS, ONE PER THREAD (top = running now)</source>
        <translation>스레드별 호출 스택 (맨 위 = 지금 실행 중)</translation>
    </message>
    <message>
        <source>THE CALLS OF B</source>
        <translation>B의 호출들</translation>
    </message>
    <message>
        <source>TIMELINE: the frame on top of each thread&apos;s stack</source>
        <translation>타임라인: 각 스레드 스택의 맨 위 프레임</translation>
    </message>
    <message>
        <source>A&apos;s thread</source>
        <translation>A의 스레드</translation>
    </message>
    <message>
        <source>worker {n}</source>
        <translation>워커 {n}</translation>
    </message>
    <message>
        <source>w{n}</source>
        <translation>w{n}</translation>
    </message>
    <message>
        <source>event loop (on A&apos;s thread)</source>
        <translation>이벤트 루프(A의 스레드)</translation>
    </message>
    <message>
        <source>idle: waits for the next callback or result</source>
        <translation>유휴: 다음 콜백이나 결과를 기다림</translation>
    </message>
    <message>
        <source>runs A&apos;s code</source>
        <translation>A의 코드를 실행</translation>
    </message>
    <message>
        <source>No other thread: B runs on A&apos;s own thread, right on top of A&apos;s frame.</source>
        <translation>다른 스레드 없음: B는 A의 스레드에서, A의 프레임 바로 위에서 실행됩니다.</translation>
    </message>
    <message>
        <source>running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>waits for the call above to return</source>
        <translation>위의 호출이 반환하기를 기다림</translation>
    </message>
    <message>
        <source>#{call} · works {s:.2f} s</source>
        <translation>#{call} · {s:.2f}초 작업</translation>
    </message>
    <message>
        <source>A&apos;s own work {s:.2f} s</source>
        <translation>A 자신의 작업 {s:.2f}초</translation>
    </message>
    <message>
        <source>callback with result #{call}</source>
        <translation>#{call} 결과를 받은 콜백</translation>
    </message>
    <message>
        <source>#{call} · takes the result</source>
        <translation>#{call} · 결과를 받음</translation>
    </message>
    <message>
        <source>suspended: awaits #{call}</source>
        <translation>일시 중단: #{call} 결과를 await 중</translation>
    </message>
    <message>
        <source>off the stack, not running</source>
        <translation>스택에서 내려감, 실행 중 아님</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>반환함</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>일시 중단</translation>
    </message>
    <message>
        <source>raised</source>
        <translation>예외 발생</translation>
    </message>
    <message>
        <source>B #{n}</source>
        <translation>B #{n}</translation>
    </message>
    <message>
        <source>not called yet</source>
        <translation>아직 호출 전</translation>
    </message>
    <message>
        <source>working on A&apos;s thread: A waits</source>
        <translation>A의 스레드에서 작업 중: A는 기다림</translation>
    </message>
    <message>
        <source>working on worker {n}; A carries on</source>
        <translation>워커 {n}에서 작업 중, A는 하던 일을 계속함</translation>
    </message>
    <message>
        <source>returned to A at {at:.2f} s</source>
        <translation>{at:.2f}초에 A에게 반환함</translation>
    </message>
    <message>
        <source>finished at {at:.2f} s; result not in A&apos;s hands yet</source>
        <translation>{at:.2f}초에 끝남, 결과는 아직 A에게 없음</translation>
    </message>
    <message>
        <source>finished; callback ran at {at:.2f} s</source>
        <translation>끝남, {at:.2f}초에 콜백 실행</translation>
    </message>
    <message>
        <source>finished; A awaited it at {at:.2f} s</source>
        <translation>끝남, {at:.2f}초에 A가 await로 받음</translation>
    </message>
    <message>
        <source>measured total</source>
        <translation>측정한 전체 시간</translation>
    </message>
    <message>
        <source>so far</source>
        <translation>지금까지</translation>
    </message>
    <message>
        <source>if A waits (sync): N × B + (N − 1) × own ≈ {s:.2f} s</source>
        <translation>A가 기다리면(동기): N × B + (N − 1) × A의 작업 ≈ {s:.2f}초</translation>
    </message>
    <message>
        <source>if A does not wait (async): ≈ {s:.2f} s</source>
        <translation>A가 기다리지 않으면(비동기): ≈ {s:.2f}초</translation>
    </message>
    <message>
        <source>#{n}</source>
        <translation>#{n}</translation>
    </message>
    <message>
        <source>all {n} results in A&apos;s hands: {s:.3f} s</source>
        <translation>결과 {n}개 모두 A에게 도착: {s:.3f}초</translation>
    </message>
    <message>
        <source>Starting A&apos;s thread…</source>
        <translation>A의 스레드를 시작하는 중…</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>{value} s</source>
        <translation>{value}초</translation>
    </message>
    <message>
        <source>{first} / {second}</source>
        <translation>{first} / {second}</translation>
    </message>
</context>
<context>
    <name>WindowFrames</name>
    <message>
        <source>Loop blocked by the code: longest {worst} (now {now})</source>
        <translation>코드가 이벤트 루프를 막은 시간: 최장 {worst}(지금 {now})</translation>
    </message>
</context>
<context>
    <name>WindowPreferences</name>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>테마(&amp;T)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Reset to defaults…</source>
        <translation>기본값으로 되돌리기…</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>시스템 언어</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>기본값으로 되돌리기</translation>
    </message>
    <message>
        <source>Forget the language, theme, speed, window size and every scene&apos;s preset and settings, and use the defaults again?</source>
        <translation>언어, 테마, 속도, 창 크기와 모든 장면의 프리셋·설정을 지우고 기본값으로 되돌릴까요?</translation>
    </message>
    <message>
        <source>dark theme</source>
        <translation>어두운 테마</translation>
    </message>
    <message>
        <source>light theme</source>
        <translation>밝은 테마</translation>
    </message>
    <message>
        <source>speed {speed:g}x</source>
        <translation>속도 {speed:g}x</translation>
    </message>
    <message>
        <source>Not the defaults: {items}</source>
        <translation>기본값과 다름: {items}</translation>
    </message>
    <message>
        <source>Remembered from the last run; kept for the next one</source>
        <translation>지난 실행에서 기억한 설정이며, 다음 실행에도 유지됩니다</translation>
    </message>
    <message>
        <source>Forget every remembered setting and use the defaults again</source>
        <translation>기억한 설정을 모두 지우고 기본값으로 되돌립니다</translation>
    </message>
</context>
<context>
    <name>WindowPresentation</name>
    <message>
        <source>&amp;Zoom</source>
        <translation>확대/축소(&amp;Z)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>확대</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>축소</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>원래 크기</translation>
    </message>
    <message>
        <source>Scenes and presets panel</source>
        <translation>장면·프리셋 패널</translation>
    </message>
    <message>
        <source>Settings and code panel</source>
        <translation>설정·코드 패널</translation>
    </message>
    <message>
        <source>Presentation mode (Esc leaves)</source>
        <translation>발표 모드 (Esc로 끝내기)</translation>
    </message>
    <message>
        <source>Leave presentation mode</source>
        <translation>발표 모드 끝내기</translation>
    </message>
    <message>
        <source>zoom {percent:.0f}%</source>
        <translation>확대 {percent:.0f}%</translation>
    </message>
    <message>
        <source>scenes panel hidden</source>
        <translation>장면 패널 숨김</translation>
    </message>
    <message>
        <source>settings panel hidden</source>
        <translation>설정 패널 숨김</translation>
    </message>
</context>
<context>
    <name>_PathRow</name>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Folder: {folder}</source>
        <translation>저장 폴더: {folder}</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>다른 이름으로 저장</translation>
    </message>
</context>
</TS>
