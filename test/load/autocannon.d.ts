// autocannon 9 ships no types; the load test uses the promise and the 'response' event.
declare module 'autocannon';
