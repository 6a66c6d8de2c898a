"""Seq2seq with Bahdanau attention (bentrevett style): bidirectional GRU encoder, GRU decoder unrolled greedily over max_len steps, outputs stacked."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Encoder(nn.Module):
    def __init__(self, input_dim, emb_dim, enc_hid_dim, dec_hid_dim, dropout):
        super().__init__()

        self.embedding = nn.Embedding(input_dim, emb_dim)

        self.rnn = nn.GRU(emb_dim, enc_hid_dim, bidirectional = True)

        self.fc = nn.Linear(enc_hid_dim * 2, dec_hid_dim)

        self.dropout = nn.Dropout(dropout)

    def forward(self, src):

        #src = [src len, batch size]

        embedded = self.dropout(self.embedding(src))

        outputs, hidden = self.rnn(embedded)

        #initial decoder hidden is final hidden state of the forwards and backwards
        #  encoder RNNs fed through a linear layer
        hidden = torch.tanh(self.fc(torch.cat((hidden[-2,:,:], hidden[-1,:,:]), dim = 1)))

        return outputs, hidden


class Attention(nn.Module):
    def __init__(self, enc_hid_dim, dec_hid_dim):
        super().__init__()

        self.attn = nn.Linear((enc_hid_dim * 2) + dec_hid_dim, dec_hid_dim)
        self.v = nn.Linear(dec_hid_dim, 1, bias = False)

    def forward(self, hidden, encoder_outputs):

        batch_size = encoder_outputs.shape[1]
        src_len = encoder_outputs.shape[0]

        #repeat decoder hidden state src_len times
        hidden = hidden.unsqueeze(1).repeat(1, src_len, 1)

        encoder_outputs = encoder_outputs.permute(1, 0, 2)

        energy = torch.tanh(self.attn(torch.cat((hidden, encoder_outputs), dim = 2)))

        attention = self.v(energy).squeeze(2)

        return F.softmax(attention, dim=1)


class Decoder(nn.Module):
    def __init__(self, output_dim, emb_dim, enc_hid_dim, dec_hid_dim, dropout, attention):
        super().__init__()

        self.output_dim = output_dim
        self.attention = attention

        self.embedding = nn.Embedding(output_dim, emb_dim)

        self.rnn = nn.GRU((enc_hid_dim * 2) + emb_dim, dec_hid_dim)

        self.fc_out = nn.Linear((enc_hid_dim * 2) + dec_hid_dim + emb_dim, output_dim)

        self.dropout = nn.Dropout(dropout)

    def forward(self, input, hidden, encoder_outputs):

        input = input.unsqueeze(0)

        embedded = self.dropout(self.embedding(input))

        a = self.attention(hidden, encoder_outputs)

        a = a.unsqueeze(1)

        encoder_outputs = encoder_outputs.permute(1, 0, 2)

        weighted = torch.bmm(a, encoder_outputs)

        weighted = weighted.permute(1, 0, 2)

        rnn_input = torch.cat((embedded, weighted), dim = 2)

        output, hidden = self.rnn(rnn_input, hidden.unsqueeze(0))

        embedded = embedded.squeeze(0)
        output = output.squeeze(0)
        weighted = weighted.squeeze(0)

        prediction = self.fc_out(torch.cat((output, weighted, embedded), dim = 1))

        return prediction, hidden.squeeze(0)


# shapelint: input=(9, 2)
class Seq2Seq(nn.Module):
    def __init__(self, src_vocab=50, trg_vocab=40, emb_dim=32, enc_hid_dim=48, dec_hid_dim=64,
                 dropout=0.1, max_len=6, sos_idx=1):
        super().__init__()
        attn = Attention(enc_hid_dim, dec_hid_dim)
        self.encoder = Encoder(src_vocab, emb_dim, enc_hid_dim, dec_hid_dim, dropout)
        self.decoder = Decoder(trg_vocab, emb_dim, enc_hid_dim, dec_hid_dim, dropout, attn)
        self.max_len = max_len
        self.sos_idx = sos_idx

    def forward(self, src):

        #src = [src len, batch size]
        batch_size = src.shape[1]

        encoder_outputs, hidden = self.encoder(src)

        input = torch.full((batch_size,), self.sos_idx, dtype=torch.long, device=src.device)

        outputs = []
        for t in range(self.max_len):
            output, hidden = self.decoder(input, hidden, encoder_outputs)
            outputs.append(output)
            input = output.argmax(1)

        return torch.stack(outputs, dim=1)
