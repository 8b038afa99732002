// `npm start`: build when needed, then run the server (Next + Socket.IO + emulator in embedded mode).
import "./ensure-build";
import "../server";
