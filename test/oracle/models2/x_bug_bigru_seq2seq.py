"""A batch-first GRU seq2seq: bidirectional encoder whose final state seeds a greedy decoder loop."""
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, vocab, emb, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.rnn = nn.GRU(emb, hidden, batch_first=True, bidirectional=True)
        self.proj = nn.Linear(2 * hidden, hidden)

    def forward(self, src):
        outputs, hidden = self.rnn(self.embedding(src))
        return self.proj(outputs), hidden


class Decoder(nn.Module):
    def __init__(self, vocab, emb, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.rnn = nn.GRU(emb, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, token, hidden):
        emb = self.embedding(token).unsqueeze(1)
        output, hidden = self.rnn(emb, hidden)
        return self.out(output.squeeze(1)), hidden


# shapelint: input=(2, 10)
class GreedySeq2Seq(nn.Module):
    def __init__(self, src_vocab=40, tgt_vocab=30, emb=24, hidden=64, max_len=6, bos=1):
        super().__init__()
        self.encoder = Encoder(src_vocab, emb, hidden)
        self.decoder = Decoder(tgt_vocab, emb, hidden)
        self.max_len = max_len
        self.bos = bos

    def forward(self, src):
        memory, hidden = self.encoder(src)
        token = src.new_full((src.size(0),), self.bos)
        logits = []
        for _ in range(self.max_len):
            step, hidden = self.decoder(token, hidden)
            logits.append(step)
            token = step.argmax(-1)
        return torch.stack(logits, dim=1)
